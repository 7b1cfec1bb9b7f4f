package actionlog.infra;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * `cdk synth` twice gives identical template bytes, so the CLI's template comparison sees an unchanged deploy as
 * unchanged. Each synth runs the CDK app the way cdk.json does, in its own JVM: iteration order of an unordered
 * map differs between JVMs, never within one.
 */
class DeterministicSynthIT {
    static final String CONTEXT = "{\"origin\":\"https://app.example.com\",\"bypassPaths\":\"/static/*,/*.js\","
            + "\"alarmEmail\":\"sre@example.com\",\"corsOrigins\":\"https://shop.example.com\",\"redactHeaders\":\"x-tenant\"}";

    static byte[] synth(Path out) throws Exception {
        String classpath = "target/classes" + java.io.File.pathSeparator
                + Files.readString(Path.of("target", "app.classpath")).trim();
        ProcessBuilder app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, ActionlogApp.class.getName()).redirectErrorStream(true);
        app.environment().put("CDK_OUTDIR", out.toAbsolutePath().toString());
        app.environment().put("CDK_CONTEXT_JSON", CONTEXT);
        app.environment().remove("CDK_DEFAULT_REGION");
        app.environment().remove("AWS_REGION");
        Process p = app.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "synth did not finish");
        assertEquals(0, p.exitValue(), log);
        return Files.readAllBytes(out.resolve(ActionlogApp.STACK_NAME + ".template.json"));
    }

    @Test
    void twoSynthsInTwoJvmsGiveTheSameBytes() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "synth-twice"));
        byte[] first = synth(dir.resolve("first"));
        byte[] second = synth(dir.resolve("second"));
        assertTrue(first.length > 10_000, "a whole template");
        assertArrayEquals(first, second, "template bytes differ between two synths: an unordered map reaches the template "
                + "(compare target/synth-twice/first and second)");
    }
}
