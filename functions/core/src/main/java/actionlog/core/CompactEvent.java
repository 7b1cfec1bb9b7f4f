package actionlog.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The event JSON as stored in the table's {@link TableSchema#EVENT_COMPACT} attribute: one version byte, then the
 * UTF-8 JSON compressed with raw DEFLATE against a preset dictionary of what every event repeats (field names, header
 * names, common values). Why: DynamoDB bills a write unit per started KB of the item, and the typical event (20
 * headers, 2,162 bytes of JSON) made a 2.5 KB item, 3 units; plain DEFLATE gets the JSON to 841 bytes (the item to
 * ≈ 1.2 KB, 2 units), the dictionary to 407 (a 759-byte item, 1 unit) — the dictionary matters because a 2 KB document is
 * too short for DEFLATE to learn its own repetitions. The JSON comes back byte for byte.
 *
 * <p>Version 1's dictionary is part of the stored format: never edit it; a better one is a new version byte, with
 * version 1 still read.
 */
public final class CompactEvent {
    private CompactEvent() {}

    public static final byte VERSION_1 = 1;

    /** Field names, header names and values most events carry; later text is cheaper to refer to, so the commonest last. */
    private static final byte[] DICTIONARY_1 = ("\"action.name\":\"action.properties\":{\"actionlog.identity_error\":\""
            + "\"actionlog.origin_error\":\"actionlog.response_error\":\"actionlog.error\":\"actionlog.capture_error\":\""
            + "\"actionlog.truncated\":[\"actionlog.headers_omitted\":\"user.linked_by\":\"user.link\":\"start\",\"end\","
            + "\"user.stitch_from\":\"session.next_id\":\"s_\"edge.location\":\"aws.request_id\":\"trace.id\":\"span.id\":\""
            + "\"http.request.header.traceparent\":\"00-\"http.request.header.tracestate\":\"http.request.header.priority\":\"u=0, i\""
            + "\"http.request.header.cache-control\":\"no-cache\"\"max-age=0\"\"http.request.header.pragma\":\"no-cache\""
            + "\"http.request.header.if-none-match\":\"W/\\\"\"http.request.header.if-modified-since\":\""
            + "\"http.request.header.upgrade-insecure-requests\":\"1\"\"http.request.header.sec-fetch-user\":\"?1\""
            + "\"http.request.header.sec-fetch-dest\":\"document\"\"empty\"\"http.request.header.sec-ch-ua\":\"\\\"Chromium\\\";v=\\\""
            + "\"http.request.header.sec-ch-ua-mobile\":\"?0\"\"http.request.header.x-requested-with\":\"XMLHttpRequest\""
            + "\"http.request.header.dnt\":\"1\"\"http.request.header.connection\":\"keep-alive\""
            + "\"http.request.header.x-forwarded-port\":\"443\"\"http.request.header.via\":\"2.0 \"\"http.request.header.x-amzn-trace-id\":\"Root=1-"
            + "\"http.request.header.cloudfront-viewer-country\":\"\"http.request.header.cloudfront-is-mobile-viewer\":\"false\""
            + "\"http.request.header.cloudfront-is-desktop-viewer\":\"true\"\"http.request.header.x-forwarded-for\":\""
            + "\"http.request.header.x-forwarded-proto\":\"https\"\"http.request.header.x-amz-cf-id\":\""
            + "\"http.request.header.x-actionlog-viewer-address\":\"\"http.request.header.x-actionlog-viewer-country\":\""
            + "\"http.request.header.sec-ch-ua-platform\":\"\\\"Windows\\\"\"\\\"macOS\\\"\"\\\"Android\\\"\""
            + "\"http.request.header.sec-fetch-mode\":\"navigate\"\"cors\"\"no-cors\"\"same-origin\"\"http.request.header.sec-fetch-site\":\""
            + "\"http.request.header.content-type\":\"application/json\"\"application/x-www-form-urlencoded\"\"text/plain\""
            + "\"http.request.header.content-length\":\"\"http.request.header.origin\":\"https://\"http.request.header.referer\":\"https://"
            + "\"http.request.header.cookie\":\"session=[REDACTED]; \"http.request.header.authorization\":\"Bearer [REDACTED]\""
            + "\"http.request.header.accept-encoding\":\"gzip, deflate, br, zstd\"\"gzip, deflate, br\""
            + "\"http.request.header.accept-language\":\"en-US,en;q=0.9\"\"fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7\""
            + "\"http.request.header.accept\":\"*/*\"\"application/json, text/plain, */*\""
            + "\"text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8\""
            + "\"http.request.header.user-agent\":\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36\""
            + "\"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15\""
            + "\"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1\""
            + "\"http.request.header.host\":\"[REDACTED]\"\"actionlog.mode\":\"proxy\",\"collect\",\"actionlog.request_kind\":\"navigation\","
            + "\"api\",\"asset\",\"beacon\",\"form_submit\",\"http.request.body.size\":0,\"http.request.content_type\":\""
            + "\"edge.request_id\":\"\"user_agent.original\":\"Mozilla/5.0 (\"url.query\":\"\"url.path\":\"/\",\"server.address\":\""
            + "\"url.scheme\":\"https\",\"http.request.method\":\"GET\",\"POST\",\"client.geo.country_iso_code\":\""
            + "\"client.address\":\"\"browser.id\":\"b_\"session.id\":\"s_\",\"session.source\":\"listed\",\"pattern\",\"browser\","
            + "\"user.id\":\"anon:\",\"user.id_source\":\"anonymous\",\"header\",\"jwt\",\"origin\",\"login_form\",\"cookie\","
            + "\"http.response.status_code\":200,\"actionlog.latency_ms\":}"
            + "{\"schema_version\":1,\"event.id\":\"\",\"event.kind\":\"http\",\"beacon\",\"event.received_at\":\"20")
            .getBytes(StandardCharsets.UTF_8);

    /** The stored bytes of an event's JSON. */
    public static byte[] encode(String json) {
        byte[] input = json.getBytes(StandardCharsets.UTF_8);
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setDictionary(DICTIONARY_1);
            deflater.setInput(input);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 3 + 64);
            out.write(VERSION_1);
            byte[] buffer = new byte[Math.max(512, input.length / 2)];
            while (!deflater.finished()) out.write(buffer, 0, deflater.deflate(buffer));
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /**
     * The JSON of stored bytes. Refuses a blob of an unknown version, a corrupt one, and one that would inflate beyond
     * what the consumer ever accepts ({@link Limits#MAX_EVENT_JSON} × 2), naming which.
     */
    public static String decode(byte[] stored) throws InvalidEventException {
        if (stored == null || stored.length < 2) throw new InvalidEventException("the compact event is empty");
        if (stored[0] != VERSION_1) {
            throw new InvalidEventException("the compact event has format version " + stored[0] + "; this version reads "
                    + VERSION_1 + " (upgrade the tools to read items a newer consumer wrote)");
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setDictionary(DICTIONARY_1);
            inflater.setInput(stored, 1, stored.length - 1);
            ByteArrayOutputStream out = new ByteArrayOutputStream(stored.length * 4);
            byte[] buffer = new byte[4096];
            int limit = Limits.MAX_EVENT_JSON * 2;
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new InvalidEventException("the compact event is cut short");
                }
                out.write(buffer, 0, n);
                if (out.size() > limit) throw new InvalidEventException("the compact event inflates beyond " + limit + " bytes");
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (DataFormatException e) {
            throw new InvalidEventException("the compact event is corrupt: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }
}
