package actionlog.support.archive;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ArchiveSchema;
import actionlog.core.EventCodec;
import actionlog.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The five questions of the README's "Analytics" section, each run on a local archive with a known answer. */
class ReadmeAnalyticsTest {
    @TempDir static Path dir;
    static List<String> examples;
    static SqlEngine sql;
    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    static int n;

    static Map<String, Object> event(LocalDate day, String time, String user, String source, String country, String method,
                                     String path, int status) throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("schema_version", 1);
        fields.put("event.id", "e" + n++);
        fields.put("event.received_at", day + "T" + time + "Z");
        fields.put("user.id", user);
        fields.put("user.id_source", source);
        if (country != null) fields.put("client.geo.country_iso_code", country);
        fields.put("http.request.method", method);
        fields.put("url.path", path);
        fields.put("http.response.status_code", status);
        return ArchiveSchema.row(EventCodec.decode(Json.write(fields)));
    }

    @BeforeAll
    static void archive() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("user.dir")).resolve("../../README.md").normalize());
        String section = readme.substring(readme.indexOf("## Analytics"), readme.indexOf("\n## ", readme.indexOf("## Analytics") + 1));
        examples = new ArrayList<>();
        Matcher m = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(section);
        while (m.find()) examples.add(m.group(1));

        LocalDate yesterday = TODAY.minusDays(1);
        List<Map<String, Object>> rows = new ArrayList<>();
        // 5xx on /checkout yesterday: two at 09h by two users, one at 14h; a 200 and a 503 on another page do not count
        rows.add(event(yesterday, "09:05:00.000", "ann", "origin", "FR", "POST", "/checkout", 502));
        rows.add(event(yesterday, "09:40:00.000", "bob", "origin", "FR", "POST", "/checkout/pay", 500));
        rows.add(event(yesterday, "14:00:00.000", "ann", "origin", "FR", "POST", "/checkout", 503));
        rows.add(event(yesterday, "15:00:00.000", "ann", "origin", "FR", "POST", "/checkout", 200));
        rows.add(event(yesterday, "16:00:00.000", "cat", "origin", "FR", "GET", "/cart", 503));
        rows.add(event(TODAY.minusDays(2), "09:00:00.000", "bob", "origin", "FR", "POST", "/checkout", 500)); // not yesterday
        // four countries this week for eve (verified), five claimed ones for a beacon's user, two for ann
        for (String country : List.of("DE", "BR", "JP", "US")) rows.add(event(TODAY.minusDays(3), "08:00:00.000", "eve", "jwt", country, "GET", "/", 200));
        for (String country : List.of("DE", "BR", "JP", "US", "CA")) rows.add(event(TODAY, "00:00:01.000", "mallory", "claimed", country, "POST", "/_actionlog/collect", 204));
        rows.add(event(TODAY.minusDays(2), "08:00:00.000", "ann", "origin", "DE", "GET", "/", 200));
        // order 4711: 17 months ago, 5 months ago, today; 4712 and 47110 are other orders only by prefix for the latter
        rows.add(event(TODAY.minusMonths(17), "10:00:00.000", "bob", "origin", "FR", "POST", "/orders/4711", 201));
        rows.add(event(TODAY.minusMonths(5), "10:00:00.000", "ann", "origin", "FR", "DELETE", "/orders/4711", 204));
        rows.add(event(TODAY.minusMonths(19), "10:00:00.000", "bob", "origin", "FR", "GET", "/orders/4711", 200)); // older
        rows.add(event(TODAY.minusMonths(5), "11:00:00.000", "ann", "origin", "FR", "GET", "/orders/4712", 200));
        // 404s this week: /old-page twice by two people, /gone once
        rows.add(event(TODAY.minusDays(1), "10:00:00.000", "anon:1", "anonymous", null, "GET", "/old-page", 404));
        rows.add(event(TODAY.minusDays(1), "10:01:00.000", "ann", "origin", "FR", "GET", "/old-page", 404));
        rows.add(event(TODAY.minusDays(1), "10:02:00.000", "ann", "origin", "FR", "GET", "/gone", 404));
        rows.add(event(TODAY.minusDays(30), "10:02:00.000", "ann", "origin", "FR", "GET", "/gone", 404)); // older
        LocalArchive archive = new LocalArchive(dir);
        archive.append(rows);
        sql = archive.sql();
    }

    static List<List<Object>> answer(int example) {
        return sql.query(examples.get(example)).rows();
    }

    @Test
    void shouldHaveFiveExamples_whenReadFromTheReadme() {
        assertEquals(5, examples.size(), examples.toString());
    }

    @Test
    void shouldCountCheckoutErrorsByHour_whenAskedAboutYesterday() {
        LocalDate yesterday = TODAY.minusDays(1);
        assertEquals(List.of(List.of(yesterday + " 09:00:00.000", 2L, 2L), List.of(yesterday + " 14:00:00.000", 1L, 1L)), answer(0));
    }

    @Test
    void shouldNameVerifiedAccountsFromMoreThanThreeCountries_whenAskedAboutThisWeek() {
        assertEquals(List.of(List.of("eve", 4L)), answer(1), "claimed users do not count: anyone can claim a name");
    }

    @Test
    void shouldListEveryRequestForTheOrder_whenAskedAboutEighteenMonths() {
        List<List<Object>> rows = answer(2);
        assertEquals(List.of("bob POST 201", "ann DELETE 204"),
                rows.stream().map(r -> r.get(1) + " " + r.get(2) + " " + r.get(4)).toList());
    }

    @Test
    void shouldCountSignedInPeoplePerDay_whenAskedAboutTheLastWeek() {
        assertEquals(List.of(List.of(TODAY.minusDays(3).toString(), 1L), List.of(TODAY.minusDays(2).toString(), 2L),
                List.of(TODAY.minusDays(1).toString(), 3L)), answer(3), "verified sign-ins only: not a beacon's claimed name");
    }

    @Test
    void shouldRankPagesThatAnswer404_whenAskedAboutThisWeek() {
        assertEquals(List.of(List.of("/old-page", 2L, 2L), List.of("/gone", 1L, 1L)), answer(4));
    }
}
