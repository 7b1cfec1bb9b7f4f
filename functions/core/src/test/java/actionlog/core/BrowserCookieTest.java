package actionlog.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Sealing and opening the browser cookie: each thread reuses one cipher, so keys, nonces and failures must not leak between uses. */
class BrowserCookieTest {
    private static final byte[] OLD = "old key material".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEW = "new key material".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldOpenEachValue_whenOneThreadSealsAndOpensUnderRotatingKeysAndRefusals() {
        BrowserCookie retired = new BrowserCookie("bid", List.of(OLD));
        BrowserCookie rotated = new BrowserCookie("bid", List.of(NEW, OLD));
        BrowserCookie fresh = new BrowserCookie("bid", List.of(NEW));
        for (int i = 0; i < 50; i++) {
            BrowserCookie.State state = BrowserCookie.State.fresh(i).linked("user-" + i, Identity.ORIGIN, i, i);
            String old = retired.seal(state);
            // opens under the second key after failing under the first, on the same thread's cipher
            assertTrue(state.sameAs(rotated.open(old).state()), "sealed under the retired key");
            assertNull(fresh.open(old).state(), "a key that never sealed it does not open it");
            String resealed = rotated.seal(state);
            assertTrue(state.sameAs(fresh.open(resealed).state()), "sealed under the new key");
            assertNull(retired.open(resealed).state());
            assertNull(rotated.open(tampered(resealed)).state(), "an altered value opens under no key");
            assertNotEquals(resealed, rotated.seal(state), "every seal takes a fresh nonce");
        }
    }

    @Test
    void shouldOpenWhatEachThreadSealed_whenThreadsSealAtOnce() throws Exception {
        BrowserCookie cookie = new BrowserCookie("bid", List.of(NEW, OLD));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    int opened = 0;
                    for (int i = 0; i < 500; i++) {
                        BrowserCookie.State state = BrowserCookie.State.fresh(i).linked("u" + thread + "-" + i, Identity.ORIGIN, i, i);
                        if (state.sameAs(cookie.open(cookie.seal(state)).state())) opened++;
                    }
                    return opened;
                }));
            }
            for (Future<Integer> result : results) assertEquals(500, result.get());
        } finally {
            pool.shutdownNow();
        }
    }

    private static String tampered(String value) {
        byte[] bytes = Base64.getUrlDecoder().decode(value);
        bytes[bytes.length - 20] ^= 1;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
