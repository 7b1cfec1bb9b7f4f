package actionlog.cli;

import actionlog.core.Json;
import actionlog.core.Setting;
import actionlog.core.SettingCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The settings a {@code cdk deploy} from here would use: each one's value and where it came from ({@code cdk.json},
 * a {@code -c key=value}, or the declared default), with the values that relax a security default marked.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print the effective deployment settings and where each came from (cdk.json, -c, default); "
                + "`local --print-config` does the same for the local runtime.",
        footer = {"", "Examples:", "  actionlog config", "  actionlog config -c identityHeader=X-Remote-User --cdk-json ../app/cdk.json"})
final class ConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--cdk-json", paramLabel = "FILE", description = "The CDK app's cdk.json. Default: ${DEFAULT-VALUE}.")
    Path cdkJson = Path.of("cdk.json");

    @Option(names = {"-c", "--context"}, paramLabel = "KEY=VALUE", description = "A context value, as `cdk deploy -c` takes it.")
    Map<String, String> context = new LinkedHashMap<>();

    @Override
    public Integer call() throws IOException {
        Map<String, Object> file = Files.exists(cdkJson) ? contextOf(cdkJson) : Map.of();
        for (String key : context.keySet()) {
            if (SettingCatalog.byKey(key) == null) {
                throw new IllegalArgumentException("-c " + key + ": no such setting; `actionlog config` lists them all");
            }
        }
        List<SettingOptions.Resolved> rows = new ArrayList<>();
        for (Setting<?> s : SettingCatalog.ALL) {
            if (context.containsKey(s.key())) {
                rows.add(new SettingOptions.Resolved(s, s.parse(context.get(s.key()), Setting.Source.CONTEXT), context.get(s.key()), "-c"));
            } else if (file.get(s.key()) != null) {
                Object raw = file.get(s.key());
                rows.add(new SettingOptions.Resolved(s, s.parse(raw, Setting.Source.CONTEXT), String.valueOf(raw), cdkJson.getFileName().toString()));
            } else {
                rows.add(new SettingOptions.Resolved(s, s.fallback(), null, SettingOptions.DEFAULT));
            }
        }
        SettingOptions.print(rows, spec.commandLine().getOut());
        return 0;
    }

    /** The {@code context} object of a cdk.json. */
    static Map<String, Object> contextOf(Path cdkJson) throws IOException {
        Map<String, Object> root = Json.readObject(Files.readString(cdkJson, StandardCharsets.UTF_8));
        Object context = root.get("context");
        return context == null ? Map.of() : Json.object(context);
    }
}
