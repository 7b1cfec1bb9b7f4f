package actionlog.cli;

import actionlog.core.CaptureConfig;
import actionlog.core.EdgeProtocol;
import actionlog.core.Env;
import actionlog.core.Settings;
import actionlog.local.LocalRuntime;
import actionlog.support.Clients;
import actionlog.support.EventStore;
import actionlog.ui.UiServer;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
    @Spec CommandSpec spec;

    @Option(names = "--port", description = "Edge port. Default: ${DEFAULT-VALUE}.")
    int port = 18080;

    @Option(names = "--origin", description = "Proxy to this application instead of the demo app.")
    String origin;

    @Option(names = "--origin-host", paramLabel = "viewer|origin", description = "Host the origin receives: the viewer's "
            + "(default, as CloudFront forwards it) or the origin's own; absolute URLs and cookie domains naming the "
            + "origin are pointed back at the edge either way. Default: ${DEFAULT-VALUE}.")
    String originHost = "viewer";

    @Option(names = "--collect", description = "Collect mode: capture and answer 204, no origin.")
    boolean collect;

    @Option(names = "--data", description = "Persist the table in this directory (default: in memory).")
    Path data;

    @Option(names = "--ui-port", description = "Port of the web timeline on 127.0.0.1. Default: ${DEFAULT-VALUE}.")
    int uiPort = 18081;

    @Option(names = "--localstack", description = "Use this AWS-compatible endpoint (LocalStack, moto, ...) instead of the "
            + "embedded emulators; the region is $AWS_REGION, else " + Clients.LOCAL_REGION_ID + ". Queue and table stay there between runs.")
    URI localstack;

    // Identity and sessions: the same options as the CDK app's context keys (identityResponseHeader, ...), read from
    // the ACTIONLOG_* environment variables the edge reads when a flag is not given.
    @Option(names = "--identity-response-header", description = "Response header in which the app names the signed-in "
            + "user; stripped before the viewer sees it. Default: " + EdgeProtocol.IDENTITY_RESPONSE_HEADER + "; none disables.")
    String identityResponseHeader;

    @Option(names = "--identity-header", description = "Trust this request header as the user (unverified: only behind a "
            + "proxy that strips and sets it). Default: none.")
    String identityHeader;

    @Option(names = "--identity-cookie", description = "Trust this cookie as the user (unverified, as --identity-header). Default: none.")
    String identityCookie;

    @Option(names = "--session-cookies", description = "Comma-separated session cookie names (* matches any characters). "
            + "Default: the common frameworks' (PHPSESSID, JSESSIONID, connect.sid, _*_session, ...).")
    String sessionCookies;

    @Option(names = "--session-cookie-pattern", description = "Any other cookie whose name matches this regular expression "
            + "is a session cookie. Default: " + CaptureConfig.DEFAULT_SESSION_COOKIE_PATTERN + "; empty for none.")
    String sessionCookiePattern;

    @Option(names = "--login-form", description = "'METHOD /path field': the sign-in request whose field names the "
            + "session's user when the app accepts it, e.g. 'POST /login username'. Default: off.")
    String loginForm;

    @Option(names = "--login-success", paramLabel = "auto|session-cookie|redirect:/PATH", description = "When a --login-form "
            + "sign-in counts as accepted: auto (a new or rotated session cookie, or a redirect away from the form), "
            + "session-cookie, or redirect:/PATH. Default: auto.")
    String loginSuccess;

    @Option(names = "--sign-out", paramLabel = "auto|'METHOD /path'", description = "What ends a browser's link to its user: "
            + "auto (the app clears or replaces the session cookie) or that request, e.g. 'POST /logout'. Default: auto.")
    String signOut;

    @Option(names = "--browser-cookie", description = "Name of the edge's own first-party browser cookie (sealed, HttpOnly), "
            + "which keeps a browser's trail across session rotation; none switches it off. Default: "
            + actionlog.core.BrowserCookie.DEFAULT_NAME + ".")
    String browserCookie;

    @Option(names = "--jwks-url", description = "Verify Bearer tokens against this JWKS; the verified claim is the user.")
    String jwksUrl;

    @Option(names = "--jwt-issuer", description = "The only accepted token issuer (required with --jwks-url).")
    String jwtIssuer;

    @Option(names = "--jwt-audience", description = "The required token audience. Default: any.")
    String jwtAudience;

    @Option(names = "--jwt-claim", description = "The claim naming the user. Default: sub.")
    String jwtClaim;

    @Option(names = "--jwt-cookie", description = "A cookie holding the token when there is no Authorization header.")
    String jwtCookie;

    /** The edge's identity settings: ACTIONLOG_* variables of this process, overridden by the flags. */
    Map<String, String> identityEnvironment(Map<String, String> processEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : Env.IDENTITY) {
            if (processEnv.get(name) != null) env.put(name, processEnv.get(name));
        }
        String[][] flags = {
                {Env.IDENTITY_RESPONSE_HEADER, identityResponseHeader}, {Env.IDENTITY_HEADER, identityHeader},
                {Env.IDENTITY_COOKIE, identityCookie}, {Env.SESSION_COOKIES, sessionCookies},
                {Env.SESSION_COOKIE_PATTERN, sessionCookiePattern}, {Env.LOGIN_FORM, loginForm},
                {Env.LOGIN_SUCCESS, loginSuccess}, {Env.SIGN_OUT, signOut}, {Env.BROWSER_COOKIE, browserCookie},
                {Env.JWKS_URL, jwksUrl}, {Env.JWT_ISSUER, jwtIssuer}, {Env.JWT_AUDIENCE, jwtAudience},
                {Env.JWT_CLAIM, jwtClaim}, {Env.JWT_COOKIE, jwtCookie}};
        for (String[] flag : flags) {
            if (flag[1] != null) env.put(flag[0], flag[1]);
        }
        CaptureConfig.fromEnvironment(new Settings(env)); // refuses bad values now, with the reason and the fix
        return env;
    }

    @Option(names = "--trace-link", description = "Link template for trace ids in the timeline, holding {traceId}, e.g. "
            + "http://127.0.0.1:16686/trace/{traceId} (a local Jaeger); default: $" + Env.TRACE_LINK + ".")
    String traceLink = System.getenv(Env.TRACE_LINK);

    @Override
    public Integer call() throws InterruptedException {
        if (traceLink != null && !traceLink.isBlank()) actionlog.core.TraceContext.checkLinkTemplate(traceLink);
        if (origin != null && collect) throw new IllegalArgumentException("use either --origin or --collect, not both");
        if (data != null && localstack != null) {
            throw new IllegalArgumentException("--data applies to the embedded emulators; with --localstack the endpoint keeps the data");
        }
        Map<String, String> identity = identityEnvironment(System.getenv());
        Map<String, String> edgeEnv = new LinkedHashMap<>(identity);
        edgeEnv.put(Env.ORIGIN_HOST, originHost);
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
                identity.getOrDefault(Env.IDENTITY_RESPONSE_HEADER, EdgeProtocol.IDENTITY_RESPONSE_HEADER)));
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
