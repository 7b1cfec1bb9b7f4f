package actionlog.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every `./actionlog` example in the README's and docs' code blocks is a command line the CLI accepts as written. */
class ReadmeCommandsTest {
    static final Pattern EXAMPLE = Pattern.compile("^\\s*(?:[A-Z_]+=\\S+\\s+)*\\./actionlog\\s+(.*)$");
    static final Pattern WORD = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)");

    /** The examples of one Markdown file: lines of fenced code blocks that run ./actionlog, as argument lists. */
    static List<List<String>> examples(Path markdown) throws Exception {
        List<List<String>> examples = new ArrayList<>();
        boolean code = false;
        for (String line : Files.readAllLines(markdown)) {
            if (line.strip().startsWith("```")) {
                code = !code;
                continue;
            }
            Matcher m = EXAMPLE.matcher(line);
            if (!code || !m.matches() || line.strip().endsWith("\\")) continue;
            List<String> args = new ArrayList<>();
            Matcher w = WORD.matcher(m.group(1).replace("<event id>", "5b0c9d2e-7f1a-4c3b-9e8d-1a2b3c4d5e6f"));
            while (w.find()) {
                String word = w.group(3);
                if (word != null && (word.startsWith("#") || word.equals(">") || word.equals("|"))) break; // comment, redirect, pipe
                args.add(w.group(1) != null ? w.group(1) : w.group(2) != null ? w.group(2) : word);
            }
            examples.add(args);
        }
        return examples;
    }

    @Test
    void shouldParseEveryExample_whenRunAsTheReadmeWritesIt() throws Exception {
        Path root = Path.of("../..");
        List<Path> files = new ArrayList<>(List.of(root.resolve("README.md")));
        try (var docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<List<String>> all = new ArrayList<>();
        for (Path file : files) all.addAll(examples(file));
        assertTrue(all.size() >= 25, "the README's examples were found: " + all);
        for (List<String> args : all) {
            try {
                Main.commandLine().parseArgs(args.toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                fail("./actionlog " + String.join(" ", args) + ": " + e.getMessage());
            }
        }
        assertTrue(all.contains(List.of("session", "s_3f1a9c2b7d4e5f60a1b2")), all.toString());
    }
}
