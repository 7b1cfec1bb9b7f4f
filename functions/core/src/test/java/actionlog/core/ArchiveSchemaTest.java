package actionlog.core;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The archive's columns: derived from the schema's fields, documented as the code defines them, and filled as such. */
class ArchiveSchemaTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| ([^|]+?) \\| (?:`([^`]+)`)?");

    @Test
    void shouldDocumentEveryColumnAsTheCodeDefinesIt_whenReadFromEventSchemaMd() throws Exception {
        Path doc = Path.of(System.getProperty("user.dir")).resolve("../../docs/EVENT_SCHEMA.md").normalize();
        Map<String, String> documented = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(doc)) {
            if (line.startsWith("| column | type | field |")) inTable = true;
            else if (inTable && !line.startsWith("|")) break;
            Matcher row = ROW.matcher(line);
            if (inTable && row.find()) {
                String field = row.group(3) == null ? "" : row.group(3).replace("<name>", "");
                documented.put(row.group(1), row.group(2).trim() + " " + field);
            }
        }
        Map<String, String> code = new LinkedHashMap<>();
        for (ArchiveSchema.Column c : ArchiveSchema.COLUMNS) code.put(c.name(), c.type().sql + " " + (c.field() == null ? "" : c.field()));
        assertEquals(code, documented, "docs/EVENT_SCHEMA.md 'Archive' table, in the column order of ArchiveSchema");
    }

    @Test
    void shouldNameEachColumnAfterItsFieldWithUnderscores_whenDerivedFromEventFields() {
        assertEquals(EventFields.ALL.size() + 1, ArchiveSchema.COLUMNS.size(), "one per field, plus the day");
        assertEquals("user_id", ArchiveSchema.column("user.id"));
        assertEquals("http_response_status_code", ArchiveSchema.column("http.response.status_code"));
        assertEquals("http_request_header", ArchiveSchema.HEADERS);
        assertEquals(ArchiveSchema.Type.TIMESTAMP, ArchiveSchema.BY_NAME.get("event_received_at").type());
        assertEquals(ArchiveSchema.Type.BIGINT, ArchiveSchema.BY_NAME.get("http_response_status_code").type());
        assertEquals(ArchiveSchema.Type.STRING_LIST, ArchiveSchema.BY_NAME.get("actionlog_truncated").type());
        assertEquals("event_date", ArchiveSchema.COLUMNS.get(ArchiveSchema.COLUMNS.size() - 1).name());
    }

    @Test
    void shouldFillTypedValues_whenAnEventBecomesARow() throws Exception {
        ActionEvent event = EventCodec.decode("{\"schema_version\":1,\"event.id\":\"e1\",\"event.received_at\":\"2026-11-22T23:59:59.123Z\","
                + "\"user.id\":\"alice\",\"http.request.method\":\"POST\",\"url.path\":\"/checkout\",\"http.response.status_code\":502,"
                + "\"http.request.header.accept\":\"text/html\",\"http.request.header.cookie\":\"sid\","
                + "\"action.properties\":{\"plan\":\"pro\",\"n\":2},\"actionlog.truncated\":[\"url.query\"]}");
        Map<String, Object> row = ArchiveSchema.row(event);
        assertEquals(List.of("schema_version", "event_id", "event_received_at", "user_id", "http_request_method", "url_path",
                "http_request_header", "http_response_status_code", "action_properties", "actionlog_truncated", "event_date"),
                List.copyOf(row.keySet()), "absent fields are left out, the rest in column order");
        assertEquals(1_795_391_999_123_000L, row.get("event_received_at"), "microseconds since the epoch");
        assertEquals("2026-11-22", row.get("event_date"), "the UTC day");
        assertEquals(502L, row.get("http_response_status_code"));
        assertEquals(Map.of("accept", "text/html", "cookie", "sid"), row.get("http_request_header"));
        assertEquals("{\"plan\":\"pro\",\"n\":2}", row.get("action_properties"));
        assertEquals(List.of("url.query"), row.get("actionlog_truncated"));
    }

    @Test
    void shouldWriteWellFormedText_whenAValueHoldsALoneSurrogate() throws Exception {
        ActionEvent event = EventCodec.decode(Json.write(Map.of("schema_version", 1, "event.id", "e2", "event.received_at",
                "2026-11-22T10:00:00Z", "user.id", "hostile", "http.request.method", "POST", "action.name", "a\ud800",
                "http.request.header.x-a\udc00", "v\ud800")));
        Map<String, Object> row = ArchiveSchema.row(event);
        assertEquals("a\ufffd", row.get("action_name"));
        assertEquals(Map.of("x-a\ufffd", "v\ufffd"), row.get("http_request_header"));
    }
}
