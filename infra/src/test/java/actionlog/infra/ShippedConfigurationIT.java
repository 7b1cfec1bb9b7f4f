package actionlog.infra;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.Json;
import actionlog.core.SettingCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

/**
 * A plain {@code npx cdk deploy} from the repository deploys the safe defaults: the shipped {@code cdk.json} sets no
 * value that relaxes a security or privacy default, and names no key that is not a setting (a typo would be ignored).
 */
class ShippedConfigurationIT {
    static Map<String, Object> shippedContext() throws Exception {
        Path cdkJson = Path.of(System.getProperty("user.dir")).resolve("../cdk.json").normalize();
        return Json.object(Json.readObject(Files.readString(cdkJson)).get("context"));
    }

    /** Synthesizes the stack as `cdk synth` does with this context; the warnings it raised about relaxed settings. */
    static List<String> relaxedWarnings(Map<String, Object> context) {
        App app = App.Builder.create().context(context).build();
        ActionlogStack stack = ActionlogApp.createStack(app, StackConfig.from(key -> app.getNode().tryGetContext(key)));
        return Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp("setting relaxes a security default.*"))
                .stream().map(m -> String.valueOf(m.getEntry().getData())).collect(Collectors.toList());
    }

    @Test
    void shouldRelaxNothing_whenSynthesizedWithTheRepositorysCdkJson() throws Exception {
        Map<String, Object> context = shippedContext();
        assertEquals(List.of(), relaxedWarnings(context));
        assertEquals(List.of(), StackConfig.from(context::get).relaxations());
        for (String key : context.keySet()) {
            assertTrue(key.startsWith("@aws-cdk/") || SettingCatalog.byKey(key) != null,
                    "cdk.json sets '" + key + "', which is neither a setting nor a CDK feature flag");
        }
    }

    @Test
    void shouldWarnAtSynth_whenASettingRelaxesADefault() {
        assertEquals(List.of("setting relaxes a security default: identityHeader=X-User-Id: trusts a request header any viewer "
                + "can send as the user [ack: actionlog:relaxed:identityHeader]"), relaxedWarnings(Map.of("identityHeader", "X-User-Id")));
    }
}
