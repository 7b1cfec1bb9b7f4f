package actionlog.core;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The edge's own first-party cookie: a random browser id and what the edge learnt about that browser (who is signed
 * in on it, since when, and which cookie is the application's session), sealed with AES-GCM under the edge's key. A
 * client can neither read, mint nor alter it: a value that does not open under one of the keys is no cookie at all.
 * The stored event never holds the value, only {@link State#browserId()}, a hash of the random id.
 */
public final class BrowserCookie {
    /** The default cookie name; {@code none} switches the cookie off. */
    public static final String DEFAULT_NAME = "actionlog_bid";
    public static final String BROWSER_PREFIX = "b_";
    /** Browsers cap a cookie's lifetime at 400 days (RFC 6265bis). */
    public static final long MAX_AGE_SECONDS = 400L * 24 * 3600;
    private static final byte VERSION = 1;
    private static final byte[] AAD = "actionlog browser cookie v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * One AES-GCM cipher per thread, initialised again (key and a fresh nonce) for every use: a seal or open with a
     * new one cost 6–9 µs, with the kept one 1–2 µs (docs/BENCHMARKS.md), and every proxied request opens the cookie.
     * The nonce still comes from {@link #RANDOM}, never from state the cipher keeps.
     */
    private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JVM", e);
        }
    });

    /**
     * What the cookie says about its browser.
     *
     * @param id             16 random bytes: the browser
     * @param issuedMs       when the id was minted
     * @param segmentStartMs the last boundary of the browser's trail (the id minted, a sign-out, a previous user's
     *                       link ending): anonymous pages from here on belong to whoever signs in next
     * @param user           the user signed in on this browser, or null
     * @param source         how that user was named ({@link Identity#ORIGIN}, ...), or null
     * @param linkStartMs    when that user signed in (0 without a user)
     * @param sessionCookie  the name of the session cookie the application issued to this browser, or null
     */
    public record State(byte[] id, long issuedMs, long segmentStartMs, String user, String source, long linkStartMs,
                        String sessionCookie) {
        /** A new browser, first seen at {@code nowMs}. */
        public static State fresh(long nowMs) {
            byte[] id = new byte[16];
            RANDOM.nextBytes(id);
            return new State(id, nowMs, nowMs, null, null, 0, null);
        }

        /** {@code b_} and a hash of the random id: what events store, never the id or the cookie. */
        public String browserId() {
            return BROWSER_PREFIX + digestHex(id).substring(0, 20);
        }

        public State linked(String to, String by, long atMs, long segmentStart) {
            return new State(id, issuedMs, segmentStart, to, by, atMs, sessionCookie);
        }

        public State unlinked(long atMs) {
            return new State(id, issuedMs, atMs, null, null, 0, sessionCookie);
        }

        public State withSessionCookie(String name) {
            return new State(id, issuedMs, segmentStartMs, user, source, linkStartMs, name);
        }

        /** Same browser and same knowledge: nothing to tell the browser again. */
        public boolean sameAs(State other) {
            return other != null && java.util.Arrays.equals(id, other.id) && segmentStartMs == other.segmentStartMs
                    && java.util.Objects.equals(user, other.user) && java.util.Objects.equals(source, other.source)
                    && linkStartMs == other.linkStartMs && java.util.Objects.equals(sessionCookie, other.sessionCookie);
        }
    }

    /** A cookie value that opened, or why it did not (null state). */
    public record Opened(State state, String problem) {}

    private final String name;
    private final List<SecretKeySpec> keys;

    /**
     * @param name the cookie's name
     * @param keys key material, the one that seals first; every one opens (so a rotated key still opens the cookies it
     *             sealed); each is hashed to an AES-256 key
     */
    public BrowserCookie(String name, List<byte[]> keys) {
        if (keys.isEmpty()) throw new IllegalArgumentException("the browser cookie needs a key");
        this.name = name;
        this.keys = keys.stream().map(k -> new SecretKeySpec(Identity.sha256(k), "AES")).toList();
    }

    /** Key material of secret strings (a Secrets Manager secret's current and previous values). */
    public static List<byte[]> keysOf(List<String> secrets) {
        return secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** 32 random bytes: a key for one process (ids then do not survive a restart) or to store. */
    public static byte[] randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    public String name() {
        return name;
    }

    /** The sealed value of a state. */
    public String seal(State state) {
        try {
            ByteArrayOutputStream plain = new ByteArrayOutputStream(96);
            try (DataOutputStream out = new DataOutputStream(plain)) {
                out.write(state.id());
                out.writeLong(state.issuedMs());
                out.writeLong(state.segmentStartMs());
                out.writeLong(state.linkStartMs());
                out.writeUTF(state.user() == null ? "" : state.user());
                out.writeUTF(state.source() == null ? "" : state.source());
                out.writeUTF(state.sessionCookie() == null ? "" : state.sessionCookie());
            }
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = GCM.get();
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(0), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(AAD);
            byte[] sealed = cipher.doFinal(plain.toByteArray());
            byte[] value = new byte[1 + nonce.length + sealed.length];
            value[0] = VERSION;
            System.arraycopy(nonce, 0, value, 1, nonce.length);
            System.arraycopy(sealed, 0, value, 1 + nonce.length, sealed.length);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JVM", e);
        }
    }

    /** The state a cookie value holds; a value that is absent, malformed or sealed under no key of ours holds none. */
    public Opened open(String value) {
        if (value == null || value.isEmpty()) return new Opened(null, null);
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return new Opened(null, "browser cookie refused: not base64url; a new browser id was issued");
        }
        if (bytes.length < 1 + 12 + 16 + 16 || bytes[0] != VERSION) {
            return new Opened(null, "browser cookie refused: unknown format; a new browser id was issued");
        }
        for (SecretKeySpec key : keys) {
            try {
                Cipher cipher = GCM.get();
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, bytes, 1, 12));
                cipher.updateAAD(AAD);
                byte[] plain = cipher.doFinal(bytes, 13, bytes.length - 13);
                try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
                    byte[] id = in.readNBytes(16);
                    long issued = in.readLong();
                    long segment = in.readLong();
                    long linkStart = in.readLong();
                    String user = blankToNull(in.readUTF());
                    String source = blankToNull(in.readUTF());
                    String session = blankToNull(in.readUTF());
                    return new Opened(new State(id, issued, segment, user, source, linkStart, session), null);
                }
            } catch (GeneralSecurityException | IOException wrongKey) {
                // try the next key
            }
        }
        return new Opened(null, "browser cookie refused: it does not open under the edge's key (altered, minted "
                + "elsewhere, or sealed under a retired key); a new browser id was issued");
    }

    /**
     * The {@code Set-Cookie} value: {@code HttpOnly}, {@code SameSite=Lax}, {@code Path=/}, {@code Secure} when the viewer
     * came over https; kept {@link #MAX_AGE_SECONDS} unless {@code sessionOnly} (a privacy signal), then until the
     * browser closes.
     */
    public String setCookie(State state, boolean secure, boolean sessionOnly) {
        return name + "=" + seal(state) + "; Path=/" + (sessionOnly ? "" : "; Max-Age=" + MAX_AGE_SECONDS) + "; HttpOnly"
                + (secure ? "; Secure" : "") + "; SameSite=Lax";
    }

    private static String blankToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static String digestHex(byte[] value) {
        return HexFormat.of().formatHex(Identity.sha256(value));
    }
}
