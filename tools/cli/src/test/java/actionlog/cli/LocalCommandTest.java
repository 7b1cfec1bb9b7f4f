package actionlog.cli;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.local.LocalRuntime;
import actionlog.testkit.MotoServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** `local`: what it says about where the data lives and in which region, and its advice when the endpoint is down. */
class LocalCommandTest {
    @Test
    void onAnEndpointTheTableIsKeptThereAndTheRegionIsAWS_REGIONs() throws Exception {
        System.setProperty("actionlog.home", Files.createTempDirectory("actionlog-home").toString());
        String before = System.getProperty("aws.region");
        try (MotoServer moto = MotoServer.startOrSkip()) {
            System.setProperty("aws.region", "eu-west-3"); // what AWS_REGION sets; the SDK reads both
            try (LocalRuntime runtime = LocalRuntime.start(LocalRuntime.options().endpoint(moto.endpoint()).collect(true).pollers(1))) {
                String banner = LocalCommand.banner(runtime, "http://127.0.0.1:1", null, null);
                assertTrue(banner.contains("  table actionlog-local-events (kept by the endpoint between runs)\n"), banner);
                assertFalse(banner.contains("in memory"), banner);
                assertTrue(banner.contains("\n  region    eu-west-3 ($AWS_REGION, else us-east-1)\n"), banner);
                String dlqArn = runtime.sqs().getQueueAttributes(r -> r.queueUrl(runtime.dlqUrl())
                        .attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
                assertTrue(dlqArn.startsWith("arn:aws:sqs:eu-west-3:"), dlqArn);
            }
        } finally {
            if (before == null) System.clearProperty("aws.region"); else System.setProperty("aws.region", before);
        }
    }

    @Test
    void theEmbeddedTableIsInMemoryUnlessPersisted() throws Exception {
        System.setProperty("actionlog.home", Files.createTempDirectory("actionlog-home").toString());
        try (LocalRuntime runtime = LocalRuntime.start(LocalRuntime.options().collect(true).pollers(1))) {
            String banner = LocalCommand.banner(runtime, "http://127.0.0.1:1", null, null);
            assertTrue(banner.contains("  table actionlog-local-events (in memory)\n"), banner);
            assertTrue(banner.contains("\n  region    us-east-1\n"), banner);
        }
    }

    @Test
    void anEndpointThatDoesNotAnswerGetsAdviceAboutTheEndpointNotAboutARunningLocal() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        CliRun run = CliRun.of("local", "--localstack", "http://127.0.0.1:" + port, "--port", "0", "--ui-port", "0");
        assertEquals(Main.RUNTIME_ERROR, run.code(), run.out() + run.err());
        assertTrue(run.err().startsWith("actionlog: cannot reach the service ("), run.err());
        assertTrue(run.err().contains("check that the endpoint given to --localstack is up"), run.err());
        assertFalse(run.err().contains("still running"), run.err());
    }

    @Test
    void dataAndAnEndpointTogetherAreAUsageError() {
        CliRun run = CliRun.of("local", "--localstack", "http://127.0.0.1:1", "--data", "somewhere");
        assertEquals(Main.USAGE_ERROR, run.code());
        assertTrue(run.err().startsWith("actionlog: --data applies to the embedded emulators; with --localstack the endpoint "
                + "keeps the data"), run.err());
    }
}
