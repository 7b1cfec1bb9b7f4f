package actionlog.cli;

import actionlog.core.CaptureConfig;
import actionlog.core.EdgeProtocol;
import actionlog.core.SettingCatalog;
import actionlog.core.Settings;
import actionlog.local.LocalRuntime;
import actionlog.support.Clients;
import actionlog.support.EventStore;
import actionlog.ui.UiServer;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "local", mixinStandardHelpOptions = true,
        description = "Run the whole chain on this machine: embedded SQS (ElasticMQ) and DynamoDB Local, the edge, "
                + "the consumer, and a demo app behind the edge. Stays up until Ctrl-C.",
        footer = {"", "Examples:", "  actionlog local --port 18080",
                "  actionlog local --origin http://127.0.0.1:3000      # put the edge in front of your own app",
                "  actionlog local --data ./actionlog-data             # keep the table between runs",
                "  actionlog local --localstack http://localhost:4566  # use LocalStack instead of the embedded emulators",
                "  actionlog local --origin http://127.0.0.1:8080 --login-form 'POST /login.php username'",
                "  actionlog local --jwks-url https://login.example.com/jwks.json --jwt-issuer https://login.example.com/"})
final class LocalCommand implements Callable<Integer> {
    @Option(names = "--port", description = "Edge port. Default: ${DEFAULT-VALUE}.")
    int port = 18080;

    @Option(names = "--origin", description = "Proxy to this application instead of the demo app.")
    String origin;

    @Option(names = "--collect", description = "Collect mode: capture and answer 204, no origin.")
    boolean collect;

    @Option(names = "--data", description = "Persist the table in this directory (default: in memory).")
    Path data;

    @Option(names = "--ui-port", description = "Port of the web timeline on 127.0.0.1. Default: ${DEFAULT-VALUE}.")
    int uiPort = 18081;

    @Option(names = "--localstack", description = "Use this AWS-compatible endpoint (LocalStack, moto, ...) instead of the "
            + "embedded emulators; the region is $AWS_REGION, else " + Clients.LOCAL_REGION_ID + ". Queue and table stay there between runs.")
    URI localstack;

    @Option(names = "--print-config", description = "Print the effective settings and where each came from, then exit.")
    boolean printConfig;

    @Spec
    CommandSpec spec;

    // Every edge and consumer setting is a flag too (--redact-query-params, --identity-header, ...), added from the
    // settings' declarations by SettingOptions.addTo (--trace-link too); --origin above is one of them, declared here
    // for its examples.

    /** The edge's own start-up checks (a login form, sign-in rules, a JWKS without issuer), before anything starts. */
    private static CaptureConfig checked(Map<String, String> env, List<SettingOptions.Resolved> settings) {
        try {
            return CaptureConfig.fromEnvironment(new Settings(env));
        } catch (IllegalStateException e) {
            String message = e.getMessage();
            for (SettingOptions.Resolved r : settings) {
                if (r.from().equals(r.setting().flag())) { // given as a flag: say so in the flag's words
                    message = message.replace(r.setting().env() + "=", r.setting().flag() + " ").replace(r.setting().env(), r.setting().flag());
                }
            }
            throw new IllegalArgumentException(message, e);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        if (data != null && localstack != null) {
            throw new IllegalArgumentException("--data applies to the embedded emulators; with --localstack the endpoint keeps the data");
        }
        List<SettingOptions.Resolved> settings = SettingOptions.resolve(spec, System.getenv());
        if (printConfig) {
            SettingOptions.print(settings, spec.commandLine().getOut());
            return 0;
        }
        Map<String, String> edgeEnv = SettingOptions.environment(settings);
        String origin = edgeEnv.remove(SettingCatalog.ORIGIN.env()); // --origin, else $ACTIONLOG_ORIGIN_URL
        if (collect && this.origin == null) origin = null; // --collect given here wins over an origin in the environment
        String traceLink = edgeEnv.remove(SettingCatalog.TRACE_LINK_TEMPLATE.env()); // checked by its declaration
        if (origin != null && collect) throw new IllegalArgumentException("use either --origin or --collect, not both");
        CaptureConfig capture = checked(edgeEnv, settings);
        for (SettingOptions.Resolved r : settings) {
            if (r.relaxes() != null) {
                spec.commandLine().getErr().println("actionlog local: warning: " + r.setting().key() + "=" + r.text() + " (" + r.from()
                        + ") relaxes a security default: " + r.relaxes());
            }
        }
        if (data != null) data.toFile().mkdirs();
        LocalRuntime runtime = LocalRuntime.start(LocalRuntime.options().port(port).origin(origin).collect(collect)
                .data(data).endpoint(localstack).register(true).edgeEnv(edgeEnv));
        UiServer ui;
        try {
            ui = UiServer.start(new EventStore(runtime.dynamo(), runtime.table(), spec.commandLine().getErr()::println), uiPort, Main::explain,
                    traceLink == null || traceLink.isBlank() ? null : traceLink, runtime.archive()::sql);
        } catch (UncheckedIOException e) {
            runtime.close();
            throw new IllegalArgumentException(e.getMessage() + "; choose another port with --ui-port", e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            spec.commandLine().getErr().println("\nactionlog local: shutting down");
            ui.close();
            runtime.close();
            stopped.countDown();
        }, "actionlog-shutdown"));
        spec.commandLine().getOut().print(banner(runtime, ui.url(), origin, data, collect,
                capture.identityResponseHeader() == null ? "(none)" : capture.identityResponseHeader()));
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }

    /** What the running chain is and where: printed once it is up. */
    static String banner(LocalRuntime runtime, String timelineUrl, String origin, Path data) {
        return banner(runtime, timelineUrl, origin, data, false, EdgeProtocol.IDENTITY_RESPONSE_HEADER);
    }

    /** What `local` prints once everything is up: where each part listens, and how to try it. */
    static String banner(LocalRuntime runtime, String timelineUrl, String origin, Path data, boolean collect,
                         String identityResponseHeader) {
        StringBuilder out = new StringBuilder();
        out.append("actionlog local is up\n");
        out.append("  edge      ").append(runtime.edgeUrl()).append(runtime.originUrl() == null ? "  (collect mode: 204)"
                : "  → origin " + runtime.originUrl() + (origin == null ? " (demo app)" : "")).append('\n');
        out.append("  timeline  ").append(timelineUrl).append('\n');
        out.append("  beacon    ").append(runtime.edgeUrl()).append(EdgeProtocol.COLLECT_PATH).append('\n');
        out.append("  sqs       ").append(runtime.sqsEndpoint()).append("  queue ").append(runtime.queueUrl()).append('\n');
        out.append("  dynamodb  ").append(runtime.dynamoEndpoint()).append("  table ").append(runtime.table())
                .append(runtime.external() ? " (kept by the endpoint between runs)"
                        : data == null ? " (in memory)" : " (persisted in " + data + ")").append('\n');
        out.append("  region    ").append(runtime.region().id())
                .append(runtime.external() ? " ($AWS_REGION, else " + Clients.LOCAL_REGION_ID + ")" : "").append('\n');
        if (origin == null && !collect) {
            out.append("Try:  sign in to the demo shop at ").append(runtime.edgeUrl()).append("/ in a browser, or\n");
            out.append("      curl -X POST -H 'X-User-Id: alice' -d '{\"item\":42}' ").append(runtime.edgeUrl()).append("/orders")
                    .append("   # the shop trusts X-User-Id itself and names alice to the edge\n");
            out.append("      ./actionlog trace --user alice --local\n");
        } else {
            out.append("Users: your app names the signed-in user in the response header ").append(identityResponseHeader)
                    .append(" (README: Naming your users),\n");
            out.append("      or use --login-form / --jwks-url; then ./actionlog trace --user NAME --local\n");
        }
        out.append("Ctrl-C stops.\n");
        return out.toString();
    }
}
