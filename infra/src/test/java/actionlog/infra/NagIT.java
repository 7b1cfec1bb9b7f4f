package actionlog.infra;

import static org.junit.jupiter.api.Assertions.*;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

class NagIT {
    static List<String> findings(Map<String, Object> context) {
        App app = new App();
        ActionlogStack stack = ActionlogApp.createStack(app, StackConfig.from(context::get));
        Aspects.of(stack).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        Annotations annotations = Annotations.fromStack(stack);
        return java.util.stream.Stream.concat(
                annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")).stream(),
                annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")).stream())
                .map(m -> m.getId() + ": " + m.getEntry().getData())
                .collect(Collectors.toList());
    }

    @Test
    void noUnsuppressedFindingsInProxyMode() {
        List<String> found = findings(Map.of("origin", "https://app.example.com", "bypassPaths", "/static/*",
                "alarmEmail", "sre@example.com"));
        assertEquals(List.of(), found, String.join("\n", found));
    }

    @Test
    void noUnsuppressedFindingsWithoutCloudFront() {
        List<String> found = findings(Map.of("cloudFront", "false"));
        assertEquals(List.of(), found, String.join("\n", found));
    }
}
