package actionlog.testkit.reports;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The last step of {@code verify}: reads the Surefire and Failsafe XML reports ({@code target/surefire-reports},
 * {@code target/failsafe-reports}) that the modules wrote in this build, prints each test class with skipped tests
 * and the reasons, and fails when a class reported zero tests.
 *
 * <p>Surefire and Failsafe write a report only for a class in which the JUnit Platform found tests, so a report
 * with {@code tests="0"} is a class whose tests vanished: an assumption in {@code @BeforeAll} aborts the whole
 * class, and both plugins then count nothing and keep the reason to themselves.
 */
public final class TestReports {
    private static final List<String> REPORT_DIRS = List.of("surefire-reports", "failsafe-reports");

    /** One test class as its report gives it; {@code reasons} are the distinct messages of its skipped tests. */
    record Suite(String module, String name, int tests, int skipped, Set<String> reasons) {}

    private TestReports() {}

    /** {@code args}: the reactor's root directory, and the build's start as an ISO-8601 instant. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) throw new IllegalArgumentException("usage: TestReports ROOT_DIR BUILD_START_INSTANT");
        List<Suite> suites = read(Path.of(args[0]).toRealPath(), Instant.parse(args[1]));
        System.out.print(summary(suites));
        System.out.flush();
        String empty = emptyClasses(suites);
        if (empty != null) throw new IllegalStateException(empty);
    }

    /** The reports under {@code root} written at or after {@code since} (older ones are from an earlier build). */
    static List<Suite> read(Path root, Instant since) throws IOException {
        List<Path> reports = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                boolean skip = !dir.equals(root) && (name.startsWith(".") || name.equals("node_modules") || name.equals("src"));
                return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                Path dir = file.getParent();
                String name = file.getFileName().toString();
                if (name.startsWith("TEST-") && name.endsWith(".xml") && REPORT_DIRS.contains(dir.getFileName().toString())
                        && dir.getParent() != null && dir.getParent().getFileName().toString().equals("target")
                        && !attrs.lastModifiedTime().toInstant().isBefore(since)) {
                    reports.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        List<Suite> suites = new ArrayList<>();
        for (Path report : reports) {
            Path module = root.relativize(report.getParent().getParent().getParent());
            suites.add(parse(report, module.toString().isEmpty() ? "." : module.toString().replace('\\', '/')));
        }
        suites.sort(Comparator.comparing(Suite::module).thenComparing(Suite::name));
        return suites;
    }

    /** One report: its {@code testsuite} counts and the messages of its {@code skipped} test cases. */
    static Suite parse(Path report, String module) throws IOException {
        Element suite;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            suite = builder.parse(report.toFile()).getDocumentElement();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot read the test report " + report + ": " + e.getMessage(), e);
        }
        Set<String> reasons = new LinkedHashSet<>();
        NodeList skipped = suite.getElementsByTagName("skipped");
        for (int i = 0; i < skipped.getLength(); i++) {
            String message = ((Element) skipped.item(i)).getAttribute("message").strip();
            reasons.add(message.isEmpty() ? "(no reason given)" : message);
        }
        // a class of @Nested classes is reported with tests="0" and the nested classes' testcases inside: count those
        int tests = Math.max(count(suite, "tests"), suite.getElementsByTagName("testcase").getLength());
        return new Suite(module, suite.getAttribute("name"), tests, count(suite, "skipped"), reasons);
    }

    private static int count(Element suite, String attribute) {
        String value = suite.getAttribute(attribute);
        return value.isEmpty() ? 0 : Integer.parseInt(value);
    }

    /** What the console shows: each class with skipped tests, how many of its tests, and why. */
    static String summary(List<Suite> suites) {
        StringBuilder out = new StringBuilder("\n");
        List<Suite> skipping = suites.stream().filter(s -> s.skipped() > 0).toList();
        int tests = suites.stream().mapToInt(Suite::tests).sum();
        int skipped = skipping.stream().mapToInt(Suite::skipped).sum();
        if (suites.isEmpty()) return out.append("Test reports: none written in this build.\n").toString();
        out.append("Test reports: ").append(suites.size()).append(" classes, ").append(tests).append(" tests, ")
                .append(skipped).append(" skipped");
        if (skipping.isEmpty()) return out.append(".\n").toString();
        out.append(", in these classes:\n");
        for (Suite s : skipping) {
            out.append("  ").append(s.name()).append(" (").append(s.module()).append("): ").append(s.skipped()).append(" of ")
                    .append(s.tests()).append(" skipped: ").append(String.join("; ", s.reasons())).append('\n');
        }
        return out.toString();
    }

    /** The failure for classes that reported zero tests, or null when there are none. */
    static String emptyClasses(List<Suite> suites) {
        List<Suite> empty = suites.stream().filter(s -> s.tests() == 0).toList();
        if (empty.isEmpty()) return null;
        StringBuilder out = new StringBuilder(empty.size() + " test class(es) reported zero tests, so their tests were neither run "
                + "nor reported as skipped:");
        for (Suite s : empty) out.append("\n  ").append(s.name()).append(" (").append(s.module()).append(')');
        return out.append("\nAn assumption in @BeforeAll hides a whole class this way; skip the class with a condition "
                + "that carries the reason instead: @EnabledIfOnPath (actionlog.testkit) for a missing program, or "
                + "JUnit's @EnabledIf with its disabledReason").toString();
    }
}
