package actionlog.cli;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.Env;
import actionlog.local.LocalRuntime;
import actionlog.testkit.EnabledIfOnPath;
import actionlog.testkit.MotoServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * `./actionlog local` takes every identity and session option of the stack, as flags or ACTIONLOG_* variables; and
 * what it says about where the data lives and in which region, and its advice when the endpoint is down.
 */
class LocalCommandIT {
    static LocalCommand parse(String... args) {
        LocalCommand command = new LocalCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void flagsBecomeTheEdgeSettingsAndOverrideTheEnvironment() {
        LocalCommand command = parse("--identity-response-header", "X-Remote-User", "--identity-header", "X-Auth-User",
                "--identity-cookie", "uid", "--session-cookies", "shopper,_*_session", "--session-cookie-pattern", "",
                "--login-form", "POST /login.php username", "--jwks-url", "http://127.0.0.1:9/jwks.json",
                "--jwt-issuer", "https://login.test/", "--jwt-audience", "shop", "--jwt-cookie", "id_token");
        Map<String, String> env = command.identityEnvironment(Map.of(Env.JWT_CLAIM, "email",
                Env.JWT_AUDIENCE, "from-environment", "UNRELATED", "x"));
        assertEquals(Map.ofEntries(Map.entry(Env.IDENTITY_RESPONSE_HEADER, "X-Remote-User"),
                Map.entry(Env.IDENTITY_HEADER, "X-Auth-User"), Map.entry(Env.IDENTITY_COOKIE, "uid"),
                Map.entry(Env.SESSION_COOKIES, "shopper,_*_session"), Map.entry(Env.SESSION_COOKIE_PATTERN, ""),
                Map.entry(Env.LOGIN_FORM, "POST /login.php username"),
                Map.entry(Env.JWKS_URL, "http://127.0.0.1:9/jwks.json"), Map.entry(Env.JWT_ISSUER, "https://login.test/"),
                Map.entry(Env.JWT_AUDIENCE, "shop"), Map.entry(Env.JWT_CLAIM, "email"),
                Map.entry(Env.JWT_COOKIE, "id_token")), env);
    }

    @Test
    void theEnvironmentAppliesWithoutFlagsAndBadValuesAreRefusedWithTheFix() {
        assertEquals(Map.of(Env.SESSION_COOKIES, "SHOPSID", Env.IDENTITY_COOKIE, "uid"), parse().identityEnvironment(
                Map.of(Env.SESSION_COOKIES, "SHOPSID", Env.IDENTITY_COOKIE, "uid")));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> parse("--login-form", "/login username").identityEnvironment(Map.of()));
        assertEquals("ACTIONLOG_LOGIN_FORM=/login username is not 'METHOD /path field'; set e.g. POST /login username", e.getMessage());
    }

    @Test
    @EnabledIfOnPath(value = MotoServer.COMMAND, install = MotoServer.INSTALL)
    void onAnEndpointTheTableIsKeptThereAndTheRegionIsAWS_REGIONs() throws Exception {
        System.setProperty("actionlog.home", Files.createTempDirectory("actionlog-home").toString());
        String before = System.getProperty("aws.region");
        try (MotoServer moto = MotoServer.start()) {
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
    void aTimelinePortInUseNamesTheFlagOfLocal() throws Exception {
        System.setProperty("actionlog.home", Files.createTempDirectory("actionlog-home").toString());
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = busy.getLocalPort();
            CliRun run = CliRun.of("local", "--collect", "--port", "0", "--ui-port", String.valueOf(port));
            assertEquals(Main.USAGE_ERROR, run.code(), run.out() + run.err());
            assertEquals("actionlog: the timeline cannot listen on 127.0.0.1:" + port + " (Address already in use); choose "
                    + "another port with --ui-port", run.err().lines().findFirst().orElse(""));
        }
    }

    @Test
    void dataAndAnEndpointTogetherAreAUsageError() {
        CliRun run = CliRun.of("local", "--localstack", "http://127.0.0.1:1", "--data", "somewhere");
        assertEquals(Main.USAGE_ERROR, run.code());
        assertTrue(run.err().startsWith("actionlog: --data applies to the embedded emulators; with --localstack the endpoint "
                + "keeps the data"), run.err());
    }
}
