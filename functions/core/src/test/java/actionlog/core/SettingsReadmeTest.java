package actionlog.core;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's configuration table is the declarations': a row missing, extra or with another default fails. */
class SettingsReadmeTest {
    private static final String BEGIN = "<!-- settings:begin";
    private static final String END = "<!-- settings:end -->";

    static String documentedTable() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("user.dir")).resolve("../../README.md").normalize());
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "README.md holds the settings table between " + BEGIN + " and " + END);
        String section = readme.substring(begin, end);
        return section.substring(section.indexOf('\n') + 1);
    }

    /** Rows by key: the whole row's text. */
    static Map<String, String> rows(String table) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : table.split("\n")) {
            if (line.startsWith("| `")) rows.put(line.substring(3, line.indexOf('`', 3)), line);
        }
        return rows;
    }

    @Test
    void shouldListEverySettingWithItsVariableFlagAndDefault_whenTheReadmeIsRead() throws Exception {
        Map<String, String> documented = rows(documentedTable());
        Map<String, String> declared = rows(SettingCatalog.markdownTable());
        for (String key : declared.keySet()) {
            assertTrue(documented.containsKey(key), "README.md lacks the setting " + key + "; paste the row:\n" + declared.get(key));
            assertEquals(declared.get(key), documented.get(key), "README.md's row of " + key + " differs from its declaration");
        }
        for (String key : documented.keySet()) {
            assertTrue(declared.containsKey(key), "README.md documents " + key + ", which no setting declares; remove the row");
        }
        assertEquals(SettingCatalog.markdownTable(), documentedTable(), "README.md's table, in the declarations' order");
    }

    @Test
    void shouldFailOnAnotherDefault_whenARowDrifts() {
        String drifted = SettingCatalog.markdownTable().replace("| `retentionDays` | `ACTIONLOG_RETENTION_DAYS` · `--retention-days` | `90` |",
                "| `retentionDays` | `ACTIONLOG_RETENTION_DAYS` · `--retention-days` | `30` |");
        assertNotEquals(rows(SettingCatalog.markdownTable()).get("retentionDays"), rows(drifted).get("retentionDays"),
                "the comparison sees a changed default");
    }
}
