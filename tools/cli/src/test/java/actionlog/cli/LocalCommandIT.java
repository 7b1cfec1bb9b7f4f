package actionlog.cli;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.SettingCatalog;
import actionlog.local.LocalRuntime;
import actionlog.testkit.EnabledIfOnPath;
import actionlog.testkit.MotoServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * `./actionlog local` takes every identity and session option of the stack, as flags or ACTIONLOG_* variables; and
 * what it says about where the data lives and in which region, and its advice when the endpoint is down.
 */
class LocalCommandIT {
    /** The settings `local` would run with for these flags and this process environment. */
    static Map<String, String> settings(Map<String, String> processEnv, String... args) {
        LocalCommand command = new LocalCommand();
        CommandLine cli = new CommandLine(command);
        SettingOptions.addTo(cli.getCommandSpec());
        cli.parseArgs(args);
        return SettingOptions.environment(SettingOptions.resolve(command.spec, processEnv));
    }

    @Test
    void shouldOverrideTheEnvironment_whenASettingIsGivenAsAFlag() {
        Map<String, String> env = settings(Map.of(SettingCatalog.JWT_CLAIM.env(), "email",
                        SettingCatalog.JWT_AUDIENCE.env(), "from-environment", "UNRELATED", "x"),
                "--identity-response-header", "X-Remote-User", "--identity-header", "X-Auth-User",
                "--identity-cookie", "uid", "--session-cookies", "shopper,_*_session", "--session-cookie-pattern", "",
                "--login-form", "POST /login.php username", "--jwks-url", "http://127.0.0.1:9/jwks.json",
                "--jwt-issuer", "https://login.test/", "--jwt-audience", "shop", "--jwt-cookie", "id_token",
                "--redact-query-params", "foo", "--anonymize-ip", "true", "--retention-days", "7");
        assertEquals(Map.ofEntries(Map.entry(SettingCatalog.IDENTITY_RESPONSE_HEADER.env(), "X-Remote-User"),
                Map.entry(SettingCatalog.IDENTITY_HEADER.env(), "X-Auth-User"), Map.entry(SettingCatalog.IDENTITY_COOKIE.env(), "uid"),
                Map.entry(SettingCatalog.SESSION_COOKIES.env(), "shopper,_*_session"), Map.entry(SettingCatalog.SESSION_COOKIE_PATTERN.env(), ""),
                Map.entry(SettingCatalog.LOGIN_FORM.env(), "POST /login.php username"),
                Map.entry(SettingCatalog.JWKS_URL.env(), "http://127.0.0.1:9/jwks.json"), Map.entry(SettingCatalog.JWT_ISSUER.env(), "https://login.test/"),
                Map.entry(SettingCatalog.JWT_AUDIENCE.env(), "shop"), Map.entry(SettingCatalog.JWT_CLAIM.env(), "email"),
                Map.entry(SettingCatalog.JWT_COOKIE.env(), "id_token"), Map.entry(SettingCatalog.REDACT_QUERY_PARAMS.env(), "foo"),
                Map.entry(SettingCatalog.ANONYMIZE_IP.env(), "true"), Map.entry(SettingCatalog.RETENTION_DAYS.env(), "7")), env);
    }

    @Test
    void shouldTakeEveryEdgeAndConsumerSettingAsAFlag_whenTheCatalogDeclaresIt() {
        for (actionlog.core.Setting<?> s : SettingCatalog.ALL) {
            boolean local = s.scope() == actionlog.core.Setting.Scope.EDGE || s.scope() == actionlog.core.Setting.Scope.CONSUMER;
            if (!local || s == SettingCatalog.MERGE_SLASHES) continue; // read from the environment by `search` too: no flag
            assertNotNull(s.flag(), s.key());
            String value = s.fallback() == null || s.fallback() instanceof java.util.List<?> l && l.isEmpty()
                    ? sample(s) : s.format(s.fallback());
            assertEquals(value, settings(Map.of(), s.flag(), value).get(s.env()), s.key());
        }
    }

    private static String sample(actionlog.core.Setting<?> s) {
        return switch (s.key()) {
            case "origin" -> "http://127.0.0.1:9";
            case "jwksUrl" -> "https://login.test/jwks.json";
            case "loginForm" -> "POST /login username";
            case "corsOrigins" -> "https://shop.test";
            default -> "x-test";
        };
    }

    @Test
    void shouldRefuseWithTheFlagAndTheFix_whenAFlagOrVariableIsInvalid() {
        assertEquals(Map.of(SettingCatalog.SESSION_COOKIES.env(), "SHOPSID", SettingCatalog.IDENTITY_COOKIE.env(), "uid"),
                settings(Map.of(SettingCatalog.SESSION_COOKIES.env(), "SHOPSID", SettingCatalog.IDENTITY_COOKIE.env(), "uid")));
        IllegalArgumentException flag = assertThrows(IllegalArgumentException.class, () -> settings(Map.of(), "--retention-days", "0"));
        assertEquals("--retention-days='0' must be a whole number from 1 to 3650; fix: --retention-days 90", flag.getMessage());
        IllegalArgumentException env = assertThrows(IllegalArgumentException.class,
                () -> settings(Map.of(SettingCatalog.ANONYMIZE_IP.env(), "maybe")));
        assertEquals("ACTIONLOG_ANONYMIZE_IP='maybe' must be true or false; fix: ACTIONLOG_ANONYMIZE_IP=false", env.getMessage());
        CliRun form = CliRun.of("local", "--login-form", "/login username");
        assertEquals(Main.USAGE_ERROR, form.code(), form.err());
        assertTrue(form.err().startsWith("actionlog: --login-form /login username is not 'METHOD /path field'; set e.g. "
                + "POST /login username\n"), form.err());
    }

    /** What the local chain stores for {@code ?foo=...&bar=...} when run with these settings. */
    private static String storedQuery(Map<String, String> settings) {
        try (actionlog.testkit.chain.StackFixture stack = new actionlog.testkit.chain.StackFixture(LocalRuntime.options().collect(true)
                .register(false).pollers(1).edgeEnv(settings))) {
            assertEquals(204, stack.send("GET", "/x?foo=secret-value-1&bar=visible", null, "X-User-Id", "redaction-check").statusCode());
            return stack.awaitEvents("redaction-check", 1).get(0).string(actionlog.core.ActionEvent.F_QUERY);
        }
    }

    @Test
    void shouldStoreTheParameterRedacted_whenRedactQueryParamsIsAFlagOrAVariable() {
        String fromFlag = storedQuery(settings(Map.of(), "--redact-query-params", "foo", "--identity-header", "X-User-Id"));
        String fromVariable = storedQuery(settings(Map.of(SettingCatalog.REDACT_QUERY_PARAMS.env(), "foo",
                SettingCatalog.IDENTITY_HEADER.env(), "X-User-Id")));
        for (String query : List.of(fromFlag, fromVariable)) {
            assertFalse(query.contains("secret-value-1"), query);
            assertTrue(query.startsWith("foo=") && query.endsWith("&bar=visible"), "only foo is redacted: " + query);
        }
        assertEquals(fromFlag, fromVariable);
    }

    @Test
    void shouldPrintEachSettingWithItsSource_whenAskedToPrintTheConfig() {
        CliRun run = CliRun.of("local", "--print-config", "--identity-header", "X-User-Id");
        assertEquals(0, run.code(), run.err());
        String out = run.out();
        assertTrue(out.lines().anyMatch(l -> l.matches("identityHeader +X-User-Id  \\[--identity-header\\]  ! relaxes a security "
                + "default: trusts a request header any viewer can send as the user")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("retentionDays +90  \\[default\\]")), out);
        assertEquals(SettingCatalog.ALL.stream().filter(s -> s.flag() != null).count(), out.lines().count(), out);
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
                    + "another port with --ui-port", run.err().lines().filter(l -> l.startsWith("actionlog: ")).findFirst().orElse(run.err()),
                    "the emulators may log warnings of their own first");
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
