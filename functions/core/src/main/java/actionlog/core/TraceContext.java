package actionlog.core;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/) at the edge. The edge is one span of the request's
 * trace: it continues an incoming well-formed {@code traceparent} (same trace id and flags, its own span id as the
 * parent the origin sees) or starts a new trace (random ids, sampled) when there is none or it is malformed.
 * The origin receives the edge's {@code traceparent}; {@code tracestate} passes through unchanged. The event
 * stores the ids under OpenTelemetry's names, {@code trace.id} and {@code span.id}.
 *
 * @param traceId   32 lower-case hex digits, not all zero
 * @param spanId    16 lower-case hex digits, not all zero: the edge's span
 * @param flags     2 lower-case hex digits
 * @param continued whether the trace came in with the request
 */
public record TraceContext(String traceId, String spanId, String flags, boolean continued) {
    public static final String HEADER = EdgeProtocol.TRACEPARENT_HEADER;
    /** The placeholder a link template holds, e.g. {@code https://tempo.example.com/trace/{traceId}}. */
    public static final String LINK_PLACEHOLDER = "{traceId}";

    /** version 00 exactly; a higher version may append fields after the flags (the spec's forward compatibility). */
    private static final Pattern TRACEPARENT = Pattern.compile(
            "([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    /** Continues {@code traceparent} when it is well-formed, else starts a new trace. */
    public static TraceContext continueFrom(String traceparent) {
        if (traceparent != null) {
            var m = TRACEPARENT.matcher(traceparent.trim());
            if (m.matches() && !m.group(1).equals("ff") && !(m.group(1).equals("00") && m.group(5) != null)
                    && !m.group(2).equals(ZERO_TRACE) && !m.group(3).equals(ZERO_SPAN)) {
                return new TraceContext(m.group(2), newId(8, ZERO_SPAN), m.group(4), true);
            }
        }
        return new TraceContext(newId(16, ZERO_TRACE), newId(8, ZERO_SPAN), "01", false);
    }

    /** The {@code traceparent} the origin receives: this trace, the edge's span as the parent. */
    public String traceparent() {
        return "00-" + traceId + "-" + spanId + "-" + flags;
    }

    /** The request as forwarded: its {@code traceparent} replaced by {@link #traceparent()}. */
    public ViewerRequest applyTo(ViewerRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
        headers.put(HEADER, new ArrayList<>(List.of(traceparent())));
        return new ViewerRequest(request.requestId(), request.receivedAtMs(), request.method(), request.scheme(),
                request.host(), request.path(), request.rawQuery(), headers, request.sourceIp(), request.bodySize());
    }

    /** Stores the ids in the event ({@code trace.id}, {@code span.id}). */
    public void record(ActionEvent event) {
        event.put(ActionEvent.F_TRACE_ID, traceId).put(ActionEvent.F_SPAN_ID, spanId);
    }

    /** The link of a trace id from a template holding {@link #LINK_PLACEHOLDER}; null without template or id. */
    public static String link(String template, String traceId) {
        if (template == null || template.isBlank() || traceId == null) return null;
        return template.replace(LINK_PLACEHOLDER, traceId);
    }

    /** The template unchanged when it is an http(s) URL holding {@link #LINK_PLACEHOLDER}; else the reason and the fix. */
    public static String checkLinkTemplate(String template) {
        if (!template.contains(LINK_PLACEHOLDER) || !(template.startsWith("https://") || template.startsWith("http://"))) {
            throw new IllegalArgumentException("trace link template '" + template + "' must be an http(s) URL holding "
                    + LINK_PLACEHOLDER + ", e.g. https://tempo.example.com/explore?traceId=" + LINK_PLACEHOLDER);
        }
        return template;
    }

    private static String newId(int bytes, String zero) {
        byte[] id = new byte[bytes];
        String hex;
        do {
            RANDOM.nextBytes(id);
            hex = HEX.formatHex(id);
        } while (hex.equals(zero));
        return hex;
    }
}
