package actionlog.edge;

import actionlog.core.CaptureConfig;
import actionlog.core.Identity;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.HashSet;
import java.util.Set;

/**
 * Verifies a JWT with Nimbus JOSE+JWT: signature against the issuer's JWKS (cached, fetched again when a token names
 * an unknown {@code kid}, at most once per refresh interval), {@code iss}, {@code aud} when configured, {@code exp}
 * and {@code nbf} (60 s clock skew); returns the configured claim. Asymmetric algorithms only (RS, PS, ES).
 */
public final class JwtVerifier implements Identity.TokenVerifier {
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    static final long KEYS_TTL_MS = 15 * 60_000;
    static final long MIN_REFRESH_MS = 30_000;
    static final int JWKS_TIMEOUT_MS = 2_000;
    static final int JWKS_MAX_BYTES = 256 * 1024;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String claim;

    /** The verifier for this configuration, or null when no JWKS URL is set. */
    public static JwtVerifier of(CaptureConfig config) {
        return config.jwt() == null ? null : new JwtVerifier(config.jwt(), MIN_REFRESH_MS);
    }

    JwtVerifier(CaptureConfig.Jwt jwt, long minRefreshMs) {
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.<SecurityContext>create(URI.create(jwt.jwksUrl()).toURL(),
                            new DefaultResourceRetriever(JWKS_TIMEOUT_MS, JWKS_TIMEOUT_MS, JWKS_MAX_BYTES))
                    .cache(KEYS_TTL_MS, JWKS_TIMEOUT_MS)
                    .rateLimited(minRefreshMs)
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("JWKS URL " + jwt.jwksUrl() + " is not a URL: " + e.getMessage(), e);
        }
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        Set<String> required = new HashSet<>(Set.of("exp", jwt.claim()));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                jwt.audience() == null ? null : Set.of(jwt.audience()),
                new JWTClaimsSet.Builder().issuer(jwt.issuer()).build(),
                required, null));
        this.claim = jwt.claim();
    }

    @Override
    public String verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a JWT (" + e.getMessage() + ")");
        } catch (BadJOSEException e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot verify: " + e.getMessage(), e);
        }
        Object value = claims.getClaim(claim);
        if (value instanceof String || value instanceof Number) return value.toString();
        throw new IllegalArgumentException("claim " + claim + " is not a string");
    }
}
