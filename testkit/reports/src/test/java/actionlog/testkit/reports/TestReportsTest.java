package actionlog.testkit.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestReportsTest {
    static final Instant START = Instant.parse("2026-11-22T14:00:00Z");

    @TempDir Path root;

    /** A report as Failsafe writes it: a testsuite with its counts, one testcase per test. */
    Path report(String module, String dir, String name, int tests, String... skippedMessages) throws Exception {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"" + name
                + "\" time=\"0.1\" tests=\"" + tests + "\" errors=\"0\" skipped=\"" + skippedMessages.length + "\" failures=\"0\">\n"
                + "  <properties><property name=\"java.version\" value=\"17\"/></properties>\n");
        for (int i = 0; i < tests; i++) {
            xml.append("  <testcase name=\"t").append(i).append("\" classname=\"").append(name).append("\" time=\"0.0\"");
            xml.append(i < skippedMessages.length ? ">\n    <skipped message=\"" + skippedMessages[i] + "\"/>\n  </testcase>\n" : "/>\n");
        }
        Path file = Files.createDirectories(root.resolve(module).resolve("target").resolve(dir)).resolve("TEST-" + name + ".xml");
        Files.writeString(file, xml.append("</testsuite>\n"));
        Files.setLastModifiedTime(file, FileTime.from(START.plusSeconds(60)));
        return file;
    }

    @Test
    void skippedClassesAreListedWithTheirReasons() throws Exception {
        report("tools/support", "failsafe-reports", "actionlog.support.StackOutputsMotoIT", 3,
                "moto_server is not on the PATH (pip install &apos;moto[server]&apos;)", "moto_server is not on the PATH (pip install &apos;moto[server]&apos;)",
                "moto_server is not on the PATH (pip install &apos;moto[server]&apos;)");
        report("tools/cli", "failsafe-reports", "actionlog.chain.ProxyConformanceIT", 5, "nginx is not on the PATH (apt-get install nginx-light)");
        report("functions/core", "surefire-reports", "actionlog.core.RedactorTest", 40);

        List<TestReports.Suite> suites = TestReports.read(root, START);

        assertEquals(List.of(new TestReports.Suite("functions/core", "actionlog.core.RedactorTest", 40, 0, Set.of()),
                new TestReports.Suite("tools/cli", "actionlog.chain.ProxyConformanceIT", 5, 1, Set.of("nginx is not on the PATH (apt-get install nginx-light)")),
                new TestReports.Suite("tools/support", "actionlog.support.StackOutputsMotoIT", 3, 3,
                        Set.of("moto_server is not on the PATH (pip install 'moto[server]')"))), suites);
        assertEquals("""

                Test reports: 3 classes, 48 tests, 4 skipped, in these classes:
                  actionlog.chain.ProxyConformanceIT (tools/cli): 1 of 5 skipped: nginx is not on the PATH (apt-get install nginx-light)
                  actionlog.support.StackOutputsMotoIT (tools/support): 3 of 3 skipped: moto_server is not on the PATH (pip install 'moto[server]')
                """, TestReports.summary(suites));
        assertNull(TestReports.emptyClasses(suites));
    }

    @Test
    void aClassThatReportedZeroTestsFailsTheBuildByName() throws Exception {
        report("tools/support", "failsafe-reports", "actionlog.support.ops.DeadLettersMotoIT", 0);
        report("tools/support", "failsafe-reports", "actionlog.support.StackOutputsMotoIT", 3);

        List<TestReports.Suite> suites = TestReports.read(root, START);

        assertEquals("""
                1 test class(es) reported zero tests, so their tests were neither run nor reported as skipped:
                  actionlog.support.ops.DeadLettersMotoIT (tools/support)
                An assumption in @BeforeAll hides a whole class this way; skip the class with a condition that carries \
                the reason instead: @EnabledIfOnPath (actionlog.testkit) for a missing program, or JUnit's @EnabledIf \
                with its disabledReason""", TestReports.emptyClasses(suites));
    }

    @Test
    void shouldCountTheNestedClassesTests_whenFailsafeReportsTheOuterClassWithZero() throws Exception {
        Path file = report("tools/cli", "failsafe-reports", "actionlog.chain.SignInChainIT", 0);
        // as Failsafe 3.5 writes a class of @Nested classes: tests="0", the nested classes' testcases inside
        Files.writeString(file, Files.readString(file).replace("</testsuite>", "  <testcase name=\"a\" classname=\"actionlog.chain."
                + "SignInChainIT$Rotated\" time=\"0.1\"/>\n  <testcase name=\"b\" classname=\"actionlog.chain.SignInChainIT$Kept\" "
                + "time=\"0.1\"/>\n</testsuite>"));
        Files.setLastModifiedTime(file, FileTime.from(START.plusSeconds(60)));

        List<TestReports.Suite> suites = TestReports.read(root, START);

        assertEquals(List.of(new TestReports.Suite("tools/cli", "actionlog.chain.SignInChainIT", 2, 0, Set.of())), suites);
        assertNull(TestReports.emptyClasses(suites));
    }

    @Test
    void reportsOfEarlierBuildsAndOtherDirectoriesAreLeftOut() throws Exception {
        Path old = report("tools/support", "failsafe-reports", "actionlog.support.StackOutputsMotoIT", 0);
        Files.setLastModifiedTime(old, FileTime.from(START.minusSeconds(1)));
        report("node_modules/some-package", "surefire-reports", "x.Y", 0);
        Files.writeString(Files.createDirectories(root.resolve("tools/cli/target/failsafe-reports")).resolve("failsafe-summary.xml"),
                "<failsafe-summary/>");

        assertEquals(List.of(), TestReports.read(root, START));
        assertEquals("\nTest reports: none written in this build.\n", TestReports.summary(List.of()));
    }
}
