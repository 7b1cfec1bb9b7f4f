package actionlog.core;

import java.time.Duration;

/**
 * The timeouts of the proxied path, which must nest: the edge waits for the origin, then (without the
 * post-response extension) for the send; the function's own timeout must cover both, and the viewer-facing
 * read timeout (CloudFront's origin response timeout, or the HTTP API's integration timeout) must outlast the
 * function, or the viewer gets a gateway error while the edge still works. Computed here from the two edge
 * settings instead of being written down in several places.
 *
 * @param origin     how long the edge waits for the application
 * @param send       how long a send to SQS may take before the event goes to the fallback sink
 * @param function   the edge function's timeout
 * @param viewerRead how long CloudFront (or the HTTP API) waits for the function
 */
public record Timeouts(Duration origin, Duration send, Duration function, Duration viewerRead) {
    /** Slack between the nested timeouts for the edge's own work (capture, response writing). */
    public static final Duration MARGIN = Duration.ofSeconds(1);
    public static final Duration DEFAULT_ORIGIN = Duration.ofSeconds(25);
    public static final Duration DEFAULT_SEND = Duration.ofSeconds(3);
    /** CloudFront's origin response timeout may be 1 to 60 s without a quota increase. */
    public static final Duration CLOUDFRONT_MAX_READ = Duration.ofSeconds(60);
    /** An HTTP API's integration timeout is at most 30 s. */
    public static final Duration HTTP_API_MAX_READ = Duration.ofSeconds(30);

    public static final Timeouts DEFAULTS = of(DEFAULT_ORIGIN, DEFAULT_SEND, true);

    /** The nested timeouts for these settings, behind CloudFront or an HTTP API; refused when they cannot nest. */
    public static Timeouts of(Duration origin, Duration send, boolean cloudFront) {
        Duration function = wholeSeconds(origin.plus(send).plus(MARGIN));
        Duration viewerRead = function.plus(MARGIN);
        Duration max = cloudFront ? CLOUDFRONT_MAX_READ : HTTP_API_MAX_READ;
        if (viewerRead.compareTo(max) > 0) {
            throw new IllegalArgumentException("an origin timeout of " + origin.toMillis() + " ms and a send timeout of "
                    + send.toMillis() + " ms need a function timeout of " + function.toSeconds() + " s and a viewer read"
                    + " timeout of " + viewerRead.toSeconds() + " s, more than " + (cloudFront ? "CloudFront" : "an HTTP API")
                    + " allows (" + max.toSeconds() + " s); lower " + SettingCatalog.ORIGIN_TIMEOUT_MS.env());
        }
        return new Timeouts(origin, send, function, viewerRead);
    }

    private static Duration wholeSeconds(Duration d) {
        long seconds = d.toSeconds() + (d.toMillisPart() > 0 || d.toNanosPart() % 1_000_000 > 0 ? 1 : 0);
        return Duration.ofSeconds(seconds);
    }
}
