package actionlog.edge;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ActionEvent;
import actionlog.core.CaptureConfig;
import actionlog.core.Env;
import actionlog.core.Identity;
import actionlog.core.SettingCatalog;
import actionlog.core.Settings;
import actionlog.core.ViewerRequest;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real verifier against a JWKS served on loopback, signed with test keys made here. */
class JwtVerifierTest {
    static final String ISSUER = "https://login.test/";
    static HttpServer jwks;
    static RSAKey key;
    static RSAKey otherKey;
    static final AtomicReference<JWKSet> published = new AtomicReference<>();
    static final AtomicInteger fetches = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        otherKey = new RSAKeyGenerator(2048).keyID("k1").generate(); // same kid, different key: a forgery
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        jwks.createContext("/jwks.json", exchange -> {
            try (exchange) {
                fetches.incrementAndGet();
                byte[] body = published.get().toString(true).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        jwks.start();
    }

    @AfterAll
    static void stop() {
        jwks.stop(0);
    }

    @BeforeEach
    void publishTheKey() {
        published.set(new JWKSet(key.toPublicJWK()));
        fetches.set(0);
    }

    static String jwksUrl() {
        return "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json";
    }

    static CaptureConfig.Jwt settings(String audience) {
        return new CaptureConfig.Jwt(jwksUrl(), ISSUER, audience, "sub", null);
    }

    static String token(RSAKey signer, String issuer, String subject, Date expires, String audience) throws JOSEException {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).subject(subject).expirationTime(expires);
        if (audience != null) claims.audience(audience);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(), claims.build());
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }

    static Date inOneHour() {
        return new Date(System.currentTimeMillis() + 3_600_000);
    }

    @Test
    void aTokenSignedByThePublishedKeyNamesItsSubjectAndKeysAreCached() throws Exception {
        JwtVerifier verifier = new JwtVerifier(settings(null), 0);
        assertEquals("carol", verifier.verify(token(key, ISSUER, "carol", inOneHour(), null)));
        assertEquals("dave", verifier.verify(token(key, ISSUER, "dave", inOneHour(), null)));
        assertEquals(1, fetches.get(), "the key set is fetched once, then cached");
    }

    @Test
    void aWrongSignatureIssuerAudienceOrExpiryIsRefused() throws Exception {
        JwtVerifier verifier = new JwtVerifier(settings("shop"), 0);
        assertEquals("carol", verifier.verify(token(key, ISSUER, "carol", inOneHour(), "shop")));
        IllegalArgumentException forged = assertThrows(IllegalArgumentException.class,
                () -> verifier.verify(token(otherKey, ISSUER, "carol", inOneHour(), "shop")));
        assertEquals("Signed JWT rejected: Invalid signature", forged.getMessage());
        IllegalArgumentException issuer = assertThrows(IllegalArgumentException.class,
                () -> verifier.verify(token(key, "https://evil.test/", "carol", inOneHour(), "shop")));
        assertEquals("JWT iss claim value rejected", issuer.getMessage());
        IllegalArgumentException expired = assertThrows(IllegalArgumentException.class,
                () -> verifier.verify(token(key, ISSUER, "carol", new Date(System.currentTimeMillis() - 3_600_000), "shop")));
        assertEquals("Expired JWT", expired.getMessage());
        IllegalArgumentException audience = assertThrows(IllegalArgumentException.class,
                () -> verifier.verify(token(key, ISSUER, "carol", inOneHour(), "other")));
        assertEquals("JWT aud claim rejected", audience.getMessage());
    }

    @Test
    void unsignedAndSymmetricTokensAreRefused() throws Exception {
        JwtVerifier verifier = new JwtVerifier(settings(null), 0);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject("carol").expirationTime(inOneHour()).build();
        assertThrows(IllegalArgumentException.class, () -> verifier.verify(new PlainJWT(claims).serialize()));
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        hmac.sign(new MACSigner("a-shared-secret-of-at-least-256-bits!!".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> verifier.verify(hmac.serialize()));
        IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class, () -> verifier.verify("a.b.c"));
        assertTrue(garbage.getMessage().startsWith("not a JWT"), garbage.getMessage());
    }

    @Test
    void anUnknownKidFetchesTheKeysAgain() throws Exception {
        JwtVerifier verifier = new JwtVerifier(settings(null), 0);
        assertEquals("carol", verifier.verify(token(key, ISSUER, "carol", inOneHour(), null)));
        RSAKey rotated = new RSAKeyGenerator(2048).keyID("k2").generate();
        published.set(new JWKSet(List.of(key.toPublicJWK(), rotated.toPublicJWK())));
        assertEquals("erin", verifier.verify(token(rotated, ISSUER, "erin", inOneHour(), null)));
        assertEquals(2, fetches.get());
    }

    @Test
    void throughTheEdgeAVerifiedTokenIsTheUserAndARefusedOneIsNamed() throws Exception {
        RecordingSender sender = new RecordingSender();
        Map<String, String> env = new HashMap<>();
        env.put(Env.QUEUE_URL, "http://queue");
        env.put(SettingCatalog.JWKS_URL.env(), jwksUrl());
        env.put(SettingCatalog.JWT_ISSUER.env(), ISSUER);
        EdgeService edge = new EdgeService(EdgeConfig.fromEnvironment(new Settings(env), null), sender);
        edge.handle(request("Bearer " + token(key, ISSUER, "carol", inOneHour(), null)), new byte[0]).sent().join();
        edge.handle(request("Bearer " + token(otherKey, ISSUER, "mallory", inOneHour(), null)), new byte[0]).sent().join();
        ActionEvent verified = sender.events.get(0);
        assertEquals("carol", verified.userId());
        assertEquals(Identity.JWT, verified.get(ActionEvent.F_USER_SOURCE));
        ActionEvent refused = sender.events.get(1);
        assertEquals(Identity.ANONYMOUS, refused.get(ActionEvent.F_USER_SOURCE));
        assertEquals("bearer token refused: Signed JWT rejected: Invalid signature", refused.get(ActionEvent.F_IDENTITY_ERROR));
    }

    static ViewerRequest request(String authorization) {
        return new ViewerRequest("req-" + System.nanoTime(), System.currentTimeMillis(), "GET", "https", "shop.test", "/account", "",
                Map.of("authorization", List.of(authorization)), "203.0.113.9", 0);
    }
}
