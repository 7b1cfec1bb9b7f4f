package actionlog.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CookiesTest {
    private static ViewerRequest withCookies(String... headers) {
        return new ViewerRequest("r1", 0L, "GET", "https", "shop.example", "/", null,
                Map.of("cookie", List.of(headers)), "192.0.2.1", 0L);
    }

    @Test
    void shouldReadEveryNamedPairInOrder_trimmedAcrossHeaders() {
        assertEquals(List.of(new Cookies.Pair("a", "1"), new Cookies.Pair("b", "2 x"), new Cookies.Pair("c", ""),
                        new Cookies.Pair("d", "=4")),
                Cookies.of(withCookies(" a=1;;=nameless; b =  2 x ;novalue", "c=; d==4")));
    }

    @Test
    void shouldReadThePairAfterManyEmptyParts() {
        assertEquals(List.of(new Cookies.Pair("session", "s1")), Cookies.of(withCookies("; ".repeat(20_000) + "session=s1")));
        assertEquals(List.of(), Cookies.of(withCookies("")));
    }
}
