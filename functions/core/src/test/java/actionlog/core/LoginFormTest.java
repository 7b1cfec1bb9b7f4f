package actionlog.core;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LoginFormTest {
    private final LoginForm form = LoginForm.parse("POST /login username", "ACTIONLOG_LOGIN_FORM");

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesTheSettingAndRefusesOtherShapes() {
        assertEquals(new LoginForm("POST", "/login", "username"), form);
        assertEquals(new LoginForm("POST", "/auth/*", "email"), LoginForm.parse("post  /auth/*  email", "X"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LoginForm.parse("/login username", "ACTIONLOG_LOGIN_FORM"));
        assertEquals("ACTIONLOG_LOGIN_FORM=/login username is not 'METHOD /path field'; set e.g. POST /login username", e.getMessage());
    }

    @Test
    void matchesTheSignInRequestOnly() {
        assertTrue(form.matches(Requests.get("/login").method("POST").build()));
        assertFalse(form.matches(Requests.get("/login").build()));
        assertFalse(form.matches(Requests.get("/login2").method("POST").build()));
        LoginForm prefix = LoginForm.parse("POST /auth/* email", "X");
        assertTrue(prefix.matches(Requests.get("/auth/signin").method("POST").build()));
    }

    @Test
    void readsTheFieldFromAUrlencodedBody() {
        assertEquals("alice smith", form.value("application/x-www-form-urlencoded",
                bytes("password=p%40ss&username=alice+smith&remember=1")));
        assertEquals("bob", form.value("application/x-www-form-urlencoded; charset=UTF-8", bytes("username=bob")));
        assertNull(form.value("application/x-www-form-urlencoded", bytes("user=bob&password=x")));
        assertNull(form.value("application/x-www-form-urlencoded", bytes("xusername=bob")));
    }

    @Test
    void readsTheFieldFromAMultipartBody() {
        String body = "--XyZ\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nhunter2\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\ncarol\r\n--XyZ--\r\n";
        assertEquals("carol", form.value("multipart/form-data; boundary=XyZ", bytes(body)));
        assertEquals("carol", form.value("multipart/form-data; boundary=\"XyZ\"", bytes(body)));
        assertNull(form.value("multipart/form-data", bytes(body)), "no boundary: nothing read");
    }

    @Test
    void readsTheFieldFromAJsonBody() {
        assertEquals("dave", form.value("application/json",
                bytes("{\"password\":\"x\",\"nested\":{\"username\":\"no\"},\"username\":\"dave\"}")));
        assertNull(form.value("application/json", bytes("{\"username\":{\"a\":1}}")));
        assertNull(form.value("application/json", bytes("{\"username\": tru")), "malformed: nothing");
        assertNull(form.value("application/json", bytes("[\"username\"]")));
    }

    @Test
    void otherTypesEmptyAndOversizeBodiesAreNotRead() {
        assertNull(form.value("text/plain", bytes("username=bob")));
        assertNull(form.value(null, bytes("username=bob")));
        assertNull(form.value("application/x-www-form-urlencoded", new byte[0]));
        byte[] big = bytes("username=bob&pad=" + "x".repeat(Limits.MAX_LOGIN_BODY));
        assertNull(form.value("application/x-www-form-urlencoded", big));
    }
}
