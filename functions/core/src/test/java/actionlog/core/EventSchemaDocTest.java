package actionlog.core;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/EVENT_SCHEMA.md's field table and {@link EventFields} say the same: names, types, presence, bounds. */
class EventSchemaDocTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| ([^|]+?) \\| ([^|]+?) \\|");
    private static final Pattern TYPE = Pattern.compile("(string\\[]|string|int|object)(?: ≤ (\\d+))?");

    record DocRow(String type, int bound, String presence) {}

    static Map<String, DocRow> documented() throws Exception {
        Path doc = Path.of(System.getProperty("user.dir")).resolve("../../docs/EVENT_SCHEMA.md").normalize();
        Map<String, DocRow> rows = new LinkedHashMap<>();
        boolean inFields = false;
        for (String line : Files.readAllLines(doc)) {
            if (line.startsWith("| field | type | always |")) inFields = true;
            else if (inFields && !line.startsWith("|")) break;
            Matcher row = ROW.matcher(line);
            if (inFields && row.find()) {
                Matcher type = TYPE.matcher(row.group(2).trim());
                assertTrue(type.matches(), "type of " + row.group(1) + ": '" + row.group(2) + "'");
                rows.put(row.group(1), new DocRow(type.group(1), type.group(2) == null ? 0 : Integer.parseInt(type.group(2)),
                        row.group(3).trim()));
            }
        }
        return rows;
    }

    @Test
    void everyFieldIsDocumentedAsTheCodeDefinesIt() throws Exception {
        Map<String, DocRow> doc = documented();
        assertEquals(EventFields.ALL.stream().map(EventFields.Field::name).sorted().toList(),
                doc.keySet().stream().sorted().toList(), "the same fields in the document and in EventFields");
        for (EventFields.Field field : EventFields.ALL) {
            DocRow row = doc.get(field.name());
            assertEquals(field.type().label, row.type(), field.name() + ": type");
            assertEquals(field.presence().label, row.presence(), field.name() + ": presence");
            if (field.type() == EventFields.Type.STRING) assertEquals(field.bound(), row.bound(), field.name() + ": bound");
        }
    }

    @Test
    void theDecoderRequiresExactlyTheAlwaysPresentTextFieldsEveryProducerWrites() {
        for (String name : EventFields.REQUIRED_TEXT) {
            assertEquals(EventFields.Presence.ALWAYS, EventFields.BY_NAME.get(name).presence(), name);
        }
    }
}
