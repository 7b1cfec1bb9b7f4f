package actionlog.core;

import actionlog.core.Setting.Kind;
import actionlog.core.Setting.Relax;
import actionlog.core.Setting.Scope;
import java.util.List;

/**
 * Every setting an operator can choose, each declared once. The CDK app reads them from context ({@code cdk.json} or
 * {@code -c key=value}) and writes the edge's and the consumer's to their environment; the functions read that
 * environment; {@code ./actionlog local} takes each edge and consumer setting as a flag named like the key
 * ({@code redactQueryParams} ↔ {@code --redact-query-params}) or as the same environment variable; the CLI reads
 * the readers' settings; {@code actionlog config} prints them with where each value came from; a test checks the
 * README's table against this list. Wiring between the stack's own resources (queue URL, table name, secret ARNs)
 * is not a setting: see {@link Env}.
 */
public final class SettingCatalog {
    private SettingCatalog() {}

    // --- what the edge fronts --------------------------------------------------------------------------------------

    public static final Setting<String> ORIGIN = Setting.<String>builder("origin", Scope.EDGE, Kind.URL)
            .env("ACTIONLOG_ORIGIN_URL").defaultText("none (collect mode)").label("URL")
            .doc("the application to proxy to, `https://…`").build();
    public static final Setting<String> ORIGIN_HOST = Setting.<String>builder("originHost", Scope.EDGE, Kind.CHOICE)
            .choices("viewer", "origin").fallback("viewer").label("viewer|origin")
            .doc("the `Host` the origin receives: the viewer's, or `origin` (its own); see *Proxy mode is transparent*").build();
    public static final Setting<Integer> ORIGIN_TIMEOUT_MS = Setting.<Integer>builder("originTimeoutMs", Scope.EDGE, Kind.INT)
            .fallback((int) Timeouts.DEFAULT_ORIGIN.toMillis()).bounds(100, 58_000).label("MS")
            .doc("how long the edge waits for the application; the function's and CloudFront's timeouts follow from it").build();
    public static final Setting<Integer> SEND_TIMEOUT_MS = Setting.<Integer>builder("sendTimeoutMs", Scope.EDGE, Kind.INT)
            .fallback((int) Timeouts.DEFAULT_SEND.toMillis()).bounds(50, 10_000).label("MS")
            .doc("how long a send to SQS may take before the event goes to the fallback log").build();
    public static final Setting<List<String>> CORS_ORIGINS = Setting.<List<String>>builder("corsOrigins", Scope.EDGE, Kind.LIST)
            .fallback(List.of()).label("ORIGINS")
            .doc("origins allowed to post beacons to `/_actionlog/collect` (exact `https://host[:port]`; `*` and `null` are "
                    + "refused at synth, since beacons carry cookies); `local` allows any").build();

    // --- who: identity and sessions --------------------------------------------------------------------------------

    public static final Setting<String> IDENTITY_RESPONSE_HEADER = Setting.<String>builder("identityResponseHeader", Scope.EDGE, Kind.NAME)
            .choices("none").fallback(EdgeProtocol.IDENTITY_RESPONSE_HEADER).label("HEADER")
            .doc("response header in which the app names the signed-in user; stripped before the viewer sees it; `none` disables").build();
    public static final Setting<String> IDENTITY_HEADER = Setting.<String>builder("identityHeader", Scope.EDGE, Kind.NAME)
            .label("HEADER").relaxes(Relax.WHEN_SET, "trusts a request header any viewer can send as the user")
            .doc("request header naming the user — unverified: only behind a proxy that strips and sets it").build();
    public static final Setting<String> IDENTITY_COOKIE = Setting.<String>builder("identityCookie", Scope.EDGE, Kind.NAME)
            .label("COOKIE").relaxes(Relax.WHEN_SET, "trusts a cookie any viewer can set as the user")
            .doc("cookie whose value is the user id — unverified, as `identityHeader`").build();
    public static final Setting<List<String>> SESSION_COOKIES = Setting.<List<String>>builder("sessionCookies", Scope.EDGE, Kind.LIST)
            .fallback(CaptureConfig.DEFAULT_SESSION_COOKIES).label("A,B")
            .defaultText("`PHPSESSID,JSESSIONID,ASP.NET_SessionId,laravel_session,connect.sid,sessionid,_*_session,PLAY_SESSION,…`")
            .doc("cookies identifying a session (stored hashed; `*` matches any characters)").build();
    public static final Setting<String> SESSION_COOKIE_PATTERN = Setting.<String>builder("sessionCookiePattern", Scope.EDGE, Kind.PATTERN_OR_EMPTY)
            .fallback(CaptureConfig.DEFAULT_SESSION_COOKIE_PATTERN).label("REGEX")
            .doc("any other cookie whose name matches is a session cookie; empty for none").build();
    public static final Setting<String> LOGIN_FORM = Setting.<String>builder("loginForm", Scope.EDGE, Kind.TEXT)
            .label("'METHOD /path field'").doc("name the session's user from the sign-in form the app accepts, e.g. `POST /login username`").build();
    public static final Setting<String> LOGIN_SUCCESS = Setting.<String>builder("loginSuccess", Scope.EDGE, Kind.TEXT)
            .fallback("auto").label("auto|session-cookie|redirect:/PATH")
            .doc("when a `loginForm` sign-in counts as accepted: `auto`, `session-cookie`, `redirect:/prefix` (see *Naming your users*)").build();
    public static final Setting<String> SIGN_OUT = Setting.<String>builder("signOut", Scope.EDGE, Kind.TEXT)
            .fallback("auto").label("auto|'METHOD /path'")
            .doc("what ends a browser's link to its user: `auto` (a cleared or replaced session cookie) or `METHOD /path`").build();
    public static final Setting<String> BROWSER_COOKIE = Setting.<String>builder("browserCookie", Scope.EDGE, Kind.NAME)
            .choices("none").fallback(BrowserCookie.DEFAULT_NAME).label("NAME")
            .doc("the edge's sealed first-party browser cookie (proxy mode; its key is a generated secret); `none` switches it off").build();
    public static final Setting<String> JWKS_URL = Setting.<String>builder("jwksUrl", Scope.EDGE, Kind.MATCH)
            .pattern("https?://\\S+", "a URL; set the issuer's JWKS URL, e.g. https://login.example.com/.well-known/jwks.json")
            .label("URL").relaxes(Relax.WHEN_PLAIN_HTTP, "fetches the keys that verify users' tokens over plain HTTP")
            .doc("verify Bearer tokens against this JWKS; the verified claim is the user").build();
    public static final Setting<String> JWT_ISSUER = Setting.<String>builder("jwtIssuer", Scope.EDGE, Kind.TEXT)
            .defaultText("required with `jwksUrl`").label("ISSUER").doc("the only accepted token issuer").build();
    public static final Setting<String> JWT_AUDIENCE = Setting.<String>builder("jwtAudience", Scope.EDGE, Kind.TEXT)
            .defaultText("any").label("AUDIENCE").doc("the required token audience").build();
    public static final Setting<String> JWT_CLAIM = Setting.<String>builder("jwtClaim", Scope.EDGE, Kind.TEXT)
            .fallback("sub").label("CLAIM").doc("the claim naming the user").build();
    public static final Setting<String> JWT_COOKIE = Setting.<String>builder("jwtCookie", Scope.EDGE, Kind.NAME)
            .label("COOKIE").doc("a cookie holding the token when there is no Authorization header").build();

    // --- privacy -----------------------------------------------------------------------------------------------------

    public static final Setting<Integer> TRUSTED_PROXY_HOPS = Setting.<Integer>builder("trustedProxyHops", Scope.EDGE, Kind.INT)
            .fallback(0).bounds(0, 10).label("N")
            .relaxes(Relax.WHEN_POSITIVE, "takes the client address from X-Forwarded-For entries a viewer can write unless a proxy sets them")
            .doc("proxies in front of the edge (of CloudFront, when deployed) that append to `X-Forwarded-For`").build();
    public static final Setting<List<String>> REDACT_HEADERS = Setting.<List<String>>builder("redactHeaders", Scope.EDGE, Kind.LIST)
            .fallback(List.of()).defaultText("the built-in list (`docs/EVENT_SCHEMA.md`)").label("A,B")
            .relaxes(Relax.WHEN_TAKING_DEFAULTS_OFF, "stores a header of the built-in secret list in clear")
            .doc("more header names never stored in clear, added to the built-in list; `-name` takes a built-in one off on "
                    + "purpose (the origin-secret header cannot be)").build();
    public static final Setting<List<String>> REDACT_QUERY_PARAMS = Setting.<List<String>>builder("redactQueryParams", Scope.EDGE, Kind.LIST)
            .fallback(List.of()).defaultText("the built-in list (`docs/EVENT_SCHEMA.md`)").label("A,B")
            .relaxes(Relax.WHEN_TAKING_DEFAULTS_OFF, "stores a query parameter of the built-in secret list in clear")
            .doc("more query parameter names never stored in clear, added likewise; `-name` takes one off").build();
    public static final Setting<Boolean> ANONYMIZE_IP = Setting.<Boolean>builder("anonymizeIp", Scope.EDGE, Kind.BOOL)
            .fallback(false).label("true|false").doc("store every client address truncated (/24, /48)").build();
    public static final Setting<Boolean> HONOR_PRIVACY_SIGNALS = Setting.<Boolean>builder("honorPrivacySignals", Scope.EDGE, Kind.BOOL)
            .fallback(true).label("true|false").relaxes(Relax.WHEN_FALSE, "stores full addresses of viewers who asked not to be tracked")
            .doc("truncate the address of requests with `DNT: 1` or `Sec-GPC: 1`").build();
    public static final Setting<Boolean> MASK_CONTACT_DETAILS = Setting.<Boolean>builder("maskContactDetails", Scope.EDGE, Kind.BOOL)
            .fallback(false).label("true|false").doc("mask e-mail addresses and phone numbers in captured values too").build();
    public static final Setting<Boolean> MERGE_SLASHES = Setting.<Boolean>builder("mergeSlashes", Scope.CONSUMER, Kind.BOOL)
            .noFlag().fallback(true).label("true|false")
            .doc("the search index merges repeated slashes of a path (`//a` is `/a`), as nginx does; the raw target is kept. Read from the environment by the consumer and by `search` alike (locally too: no flag)").build();

    // --- the consumer ------------------------------------------------------------------------------------------------

    public static final Setting<Integer> RETENTION_DAYS = Setting.<Integer>builder("retentionDays", Scope.CONSUMER, Kind.INT)
            .fallback(90).bounds(1, 3650).label("DAYS").doc("days an event is kept in the table (its TTL)").build();

    // --- the readers: CLI and web timeline -----------------------------------------------------------------------------

    public static final Setting<String> TRACE_LINK_TEMPLATE = Setting.<String>builder("traceLinkTemplate", Scope.READERS, Kind.LINK_TEMPLATE)
            .env("ACTIONLOG_TRACE_LINK").flag("--trace-link").label("TEMPLATE")
            .doc("`https://…{traceId}…`: the link of an event's trace, a stack output read by `request` and `ui` (locally e.g. a Jaeger's `http://127.0.0.1:16686/trace/{traceId}`)").build();

    // --- the shape of the deployment -------------------------------------------------------------------------------

    public static final Setting<List<String>> BYPASS_PATHS = Setting.<List<String>>builder("bypassPaths", Scope.STACK, Kind.PATHS)
            .fallback(List.of()).doc("CloudFront path patterns sent straight to `origin`, unrecorded").build();
    public static final Setting<String> ALARM_EMAIL = Setting.<String>builder("alarmEmail", Scope.STACK, Kind.MATCH)
            .pattern("[^@\\s]+@[^@\\s]+\\.[^@\\s]+", "an e-mail address").doc("SNS e-mail subscription for the alarms").build();
    public static final Setting<Boolean> CLOUD_FRONT = Setting.<Boolean>builder("cloudFront", Scope.STACK, Kind.BOOL)
            .fallback(true).doc("false: an HTTP API fronts the edge instead (no CloudFront)").build();
    public static final Setting<String> WEB_ACL_ARN = Setting.<String>builder("webAclArn", Scope.STACK, Kind.MATCH)
            .pattern("arn:aws:wafv2:\\S+", "an arn:aws:wafv2:... ARN (a CloudFront web ACL lives in us-east-1)")
            .doc("AWS WAF web ACL for the distribution").build();
    public static final Setting<Integer> CONSUMER_BATCH_SIZE = Setting.<Integer>builder("consumerBatchSize", Scope.STACK, Kind.INT)
            .fallback(100).bounds(1, 10_000).doc("messages per consumer invocation (more than 10 needs a batching window)").build();
    public static final Setting<Integer> CONSUMER_BATCHING_WINDOW_SECONDS = Setting.<Integer>builder("consumerBatchingWindowSeconds", Scope.STACK, Kind.INT)
            .fallback(1).bounds(0, 300).doc("seconds the event source mapping gathers a batch").build();
    public static final Setting<Integer> CONSUMER_MAX_CONCURRENCY = Setting.<Integer>builder("consumerMaxConcurrency", Scope.STACK, Kind.INT)
            .fallback(5).bounds(2, 1000).doc("most concurrent consumers: the cap protects the table").build();
    public static final Setting<Boolean> SNAP_START = Setting.<Boolean>builder("snapStart", Scope.STACK, Kind.BOOL)
            .fallback(true).doc("SnapStart on the edge's published version").build();
    public static final Setting<Boolean> SEARCH_INDEX = Setting.<Boolean>builder("searchIndex", Scope.STACK, Kind.BOOL)
            .fallback(true).doc("the `byPathTime` index that `search` and `tail --path-prefix` query").build();
    public static final Setting<String> ORIGIN_SECRET_VERSION = Setting.<String>builder("originSecretVersion", Scope.STACK, Kind.MATCH)
            .pattern("[A-Za-z0-9-]{32,64}", "a Secrets Manager version id (VersionId of `aws secretsmanager put-secret-value`)")
            .doc("the origin-secret version CloudFront sends (see *Rotating the origin secret*)").build();
    public static final Setting<String> REGION = Setting.<String>builder("region", Scope.STACK, Kind.MATCH)
            .pattern("[a-z]{2}(-[a-z]+)+-[0-9]", "an AWS region such as eu-west-1").defaultText("the CLI's target region")
            .doc("the region `cdk synth` checks (see *Regions*)").build();
    /**
     * 10% of the default account quota (1,000), leaving 900 to the consumer and every other function of the account and
     * region. At ≈ 100 ms per proxied request that serves ≈ 1,000 requests per second (concurrency = requests per second
     * × seconds each); in collect mode (≈ 10 ms) several times more. Beyond it viewers get 429s, and the EdgeThrottles
     * alarm says so.
     */
    public static final Setting<Integer> EDGE_RESERVED_CONCURRENCY = Setting.<Integer>builder("edgeReservedConcurrency", Scope.STACK, Kind.INT_OR_NONE)
            .fallback(100).bounds(1, 10_000)
            .doc("the edge's reserved concurrency, its cap: 1–10000, or `none` (share the account's pool); see *When the edge is flooded*").build();
    public static final Setting<Integer> EDGE_LOG_RETENTION_DAYS = Setting.<Integer>builder("edgeLogRetentionDays", Scope.STACK, Kind.INT_IN)
            .allowed(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)
            .defaultText("the shortest CloudWatch retention ≥ `retentionDays` (90)")
            .doc("days the edge's log group, with its fallback lines, is kept (a period CloudWatch Logs accepts); the group "
                    + "is retained when the stack is deleted").build();
    public static final Setting<Boolean> ARCHIVE = Setting.<Boolean>builder("archive", Scope.STACK, Kind.BOOL)
            .fallback(true).doc("the archive for SQL (see *Analytics*): the table's stream, the archive function, Firehose, "
                    + "the Iceberg table, the Athena workgroup").build();
    public static final Setting<Integer> ARCHIVE_RETENTION_DAYS = Setting.<Integer>builder("archiveRetentionDays", Scope.STACK, Kind.INT)
            .fallback(400).bounds(1, 3650).doc("days the archive keeps an event, independent of `retentionDays`").build();
    public static final Setting<Integer> ARCHIVE_QUERY_LIMIT_MB = Setting.<Integer>builder("archiveQueryLimitMb", Scope.STACK, Kind.INT)
            .fallback(10_240).bounds(10, 1_048_576)
            .doc("the Athena workgroup's per-query scan limit (MB, at least 10): a query reading more is cancelled").build();

    /** Every setting, in the order the README and {@code actionlog config} list them. */
    public static final List<Setting<?>> ALL = List.of(
            ORIGIN, ORIGIN_HOST, ORIGIN_TIMEOUT_MS, SEND_TIMEOUT_MS, CORS_ORIGINS,
            IDENTITY_RESPONSE_HEADER, IDENTITY_HEADER, IDENTITY_COOKIE, SESSION_COOKIES, SESSION_COOKIE_PATTERN,
            LOGIN_FORM, LOGIN_SUCCESS, SIGN_OUT, BROWSER_COOKIE, JWKS_URL, JWT_ISSUER, JWT_AUDIENCE, JWT_CLAIM, JWT_COOKIE,
            TRUSTED_PROXY_HOPS, REDACT_HEADERS, REDACT_QUERY_PARAMS, ANONYMIZE_IP, HONOR_PRIVACY_SIGNALS, MASK_CONTACT_DETAILS,
            MERGE_SLASHES, RETENTION_DAYS, TRACE_LINK_TEMPLATE,
            BYPASS_PATHS, ALARM_EMAIL, CLOUD_FRONT, WEB_ACL_ARN, CONSUMER_BATCH_SIZE, CONSUMER_BATCHING_WINDOW_SECONDS,
            CONSUMER_MAX_CONCURRENCY, SNAP_START, SEARCH_INDEX, ORIGIN_SECRET_VERSION, REGION, EDGE_RESERVED_CONCURRENCY,
            EDGE_LOG_RETENTION_DAYS, ARCHIVE, ARCHIVE_RETENTION_DAYS, ARCHIVE_QUERY_LIMIT_MB);

    /** The setting with this context key, or null. */
    public static Setting<?> byKey(String key) {
        for (Setting<?> s : ALL) if (s.key().equals(key)) return s;
        return null;
    }

    /** The README's configuration table: one row per setting, as the test compares it. */
    public static String markdownTable() {
        StringBuilder out = new StringBuilder();
        out.append("| key | environment variable · `local` flag | default | meaning |\n|---|---|---|---|\n");
        for (Setting<?> s : ALL) {
            String where = s.env() == null ? "— (deployment only)" : "`" + s.env() + "`" + (s.flag() == null ? "" : " · `" + s.flag() + "`");
            String def = s.defaultText();
            out.append("| `").append(s.key()).append("` | ").append(where).append(" | ").append(def.replace("|", "\\|"))
                    .append(" | ").append(s.doc().replace("|", "\\|")).append(s.relaxWhy == null ? "" : " ⚠").append(" |\n");
        }
        return out.toString();
    }
}
