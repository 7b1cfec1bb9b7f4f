package actionlog.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import actionlog.core.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CDK tests (jsii runs the CDK's JavaScript core on {@code node}) and the CloudFront function test run on the
 * Node.js that package-lock.json pins, which the build installs and puts first on their PATH; never on whatever
 * Node.js the machine has, which the CDK may no longer support.
 */
class PinnedNodeTest {
    @Test
    @SuppressWarnings("unchecked")
    void theTestsRunOnTheNodeJsThatPackageLockPins() throws Exception {
        Map<String, Object> packages = (Map<String, Object>) Json.readObject(Files.readString(Path.of("..", "package-lock.json")))
                .get("packages");
        String pinned = (String) ((Map<String, Object>) packages.get("node_modules/node")).get("version");
        Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
        String version = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        node.waitFor();
        assertEquals("v" + pinned, version, "the node on the tests' PATH; run them through ./mvnw, which installs the pinned "
                + "one (infra/node-modules.sh), or put node_modules/.bin first on the PATH");
    }
}
