package actionlog.cli;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.Json;
import actionlog.core.StackContract;
import actionlog.support.Clients;
import actionlog.testkit.EnabledIfOnPath;
import actionlog.testkit.MotoServer;
import actionlog.testkit.chain.StackFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * `trace` finds its table from the outputs of a stack on moto's server (created with the output names the CDK app
 * declares) with nothing but the SDK's AWS_ENDPOINT_URL set, as a user runs it: a separate process with that
 * environment. Skipped where moto_server is absent.
 */
@EnabledIfOnPath(value = MotoServer.COMMAND, install = MotoServer.INSTALL)
class StackLookupMotoIT {
    static MotoServer moto;
    static StackFixture stack;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        stack = StackFixture.endpoint(moto.endpoint(), null);
        stack.sendRaw(Json.write(Map.of("schema_version", 1, "event.id", "lookup-1", "event.received_at", Instant.now().toString(),
                "user.id", "lookup-u", "http.request.method", "GET", "url.path", "/found-through-the-stack")));
        stack.awaitEvents("lookup-u", 1);
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put(StackContract.OUTPUT_EDGE_URL, stack.runtime.edgeUrl());
        outputs.put(StackContract.OUTPUT_QUEUE_URL, stack.runtime.queueUrl());
        outputs.put(StackContract.OUTPUT_DLQ_URL, stack.runtime.dlqUrl());
        outputs.put(StackContract.OUTPUT_TABLE_NAME, stack.runtime.table());
        outputs.put(StackContract.OUTPUT_MODE, "collect");
        assertEquals(StackContract.OUTPUTS, List.copyOf(outputs.keySet()));
        try (CloudFormationClient cfn = Clients.cloudformation(moto.endpoint())) {
            cfn.createStack(r -> r.stackName("Actionlog").templateBody(MotoServer.stackTemplate(outputs)));
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
        if (moto != null) moto.close();
    }

    /** Runs the command line in a fresh JVM with exactly this AWS environment. */
    static String[] run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Path home = Files.createTempDirectory("home");
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("ACTIONLOG_"));
        builder.environment().put("HOME", home.toString()); // no ~/.aws profile
        builder.environment().put("AWS_ACCESS_KEY_ID", "local");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "local");
        builder.environment().put("AWS_REGION", stack.runtime.region().id());
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        builder.environment().putAll(env);
        Path out = Files.createTempFile("out", ".txt");
        Path err = Files.createTempFile("err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the command finishes");
        return new String[] {String.valueOf(process.exitValue()), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8)};
    }

    @Test
    void traceFindsTheTableFromTheStackOutputsWithOnlyAWS_ENDPOINT_URL() throws Exception {
        String[] result = run(Map.of("AWS_ENDPOINT_URL", moto.endpoint().toString()), "trace", "--user", "lookup-u", "-o", "json");
        assertEquals("0", result[0], result[1] + result[2]);
        List<Object> events = Json.readArray(result[1]);
        assertEquals(List.of("/found-through-the-stack"), events.stream().map(e -> ((Map<?, ?>) e).get("url.path")).toList());
    }

    @Test
    void theServiceSpecificVariableAloneFindsTheStackToo() throws Exception {
        // CloudFormation through its own variable; DynamoDB through --endpoint-url
        String[] result = run(Map.of("AWS_ENDPOINT_URL_CLOUDFORMATION", moto.endpoint().toString()), "trace", "--user", "lookup-u",
                "-o", "json", "--endpoint-url", moto.endpoint().toString());
        assertEquals("0", result[0], result[1] + result[2]);
        assertEquals(1, Json.readArray(result[1]).size());
    }
}
