package actionlog.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import actionlog.core.SettingCatalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The origin sees the same Host on bypassed paths as on the paths the edge proxies, for each originHost. */
class OriginHostIT {
    static final String ALL_VIEWER = "216adef6-5c7f-47e4-b989-5492eafa07d3";
    static final String ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

    private static Template synth(String originHost) {
        Map<String, Object> context = new java.util.HashMap<>(Map.of("origin", "https://app.example.com", "bypassPaths", "/static/*"));
        if (originHost != null) context.put("originHost", originHost);
        return ActionlogStackIT.synth(context);
    }

    private static void bypassPolicy(Template template, String policyId) {
        template.hasResourceProperties("AWS::CloudFront::Distribution", Map.of("DistributionConfig", Match.objectLike(Map.of(
                "CacheBehaviors", List.of(Match.objectLike(Map.of("PathPattern", "/static/*", "OriginRequestPolicyId", policyId)))))));
    }

    private static void edgeEnvironment(Template template, Object value) {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables",
                Match.objectLike(Map.of(SettingCatalog.ORIGIN_HOST.env(), value == null ? Match.absent() : value)))));
    }

    @Test
    void byDefaultTheViewersHostEverywhere() {
        Template template = synth(null);
        edgeEnvironment(template, null); // the edge's own default, viewer, from the same declaration
        assertEquals("viewer", SettingCatalog.ORIGIN_HOST.fallback());
        bypassPolicy(template, ALL_VIEWER);
    }

    @Test
    void theOriginsOwnHostEverywhere() {
        Template template = synth("origin");
        edgeEnvironment(template, "origin");
        bypassPolicy(template, ALL_VIEWER_EXCEPT_HOST);
    }

    @Test
    void anUnknownChoiceFailsSynthNamingTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StackConfig.from(Map.<String, Object>of("originHost", "both")::get));
        assertEquals("context key 'originHost'='both' must be one of viewer, origin; fix: -c originHost=viewer", e.getMessage());
        assertTrue(e.getMessage().contains("originHost"));
    }
}
