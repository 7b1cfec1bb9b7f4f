package actionlog.cli;

import actionlog.core.Setting;
import actionlog.core.SettingCatalog;
import actionlog.support.Output;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The edge's and the consumer's settings as flags of {@code local}, made from {@link SettingCatalog}: one flag per
 * setting, named like its context key ({@code redactQueryParams} ↔ {@code --redact-query-params}), with the
 * declaration's doc and default. A flag given wins over the setting's environment variable, which wins over the
 * default; each value is checked by the declaration's parser before anything starts.
 */
final class SettingOptions {
    private SettingOptions() {}

    /** One setting's effective value and where it came from. */
    record Resolved(Setting<?> setting, Object value, String text, String from) {
        /** Why this value relaxes a security default, or null. */
        String relaxes() {
            return setting.relaxes(value);
        }
    }

    static final String DEFAULT = "default";

    /** Whether {@code local} takes this setting as a flag. */
    static boolean isLocal(Setting<?> s) {
        return s.flag() != null;
    }

    /** Adds a flag for every local setting that the command does not declare itself. */
    static void addTo(CommandSpec spec) {
        for (Setting<?> s : SettingCatalog.ALL) {
            if (!isLocal(s) || spec.optionsMap().containsKey(s.flag())) continue;
            spec.addOption(OptionSpec.builder(s.flag())
                    .paramLabel(s.label())
                    .type(String.class)
                    .description(plain(s.doc()) + ". Default: " + plain(s.defaultText()) + "; else $" + s.env() + ".")
                    .build());
        }
    }

    /** The effective local settings: each flag given, else its environment variable, else the default. */
    static List<Resolved> resolve(CommandSpec spec, Map<String, String> processEnv) {
        List<Resolved> out = new ArrayList<>();
        for (Setting<?> s : SettingCatalog.ALL) {
            if (!isLocal(s)) continue;
            OptionSpec option = spec.findOption(s.flag());
            String flag = option == null ? null : option.getValue();
            String env = processEnv.get(s.env());
            if (flag != null) {
                out.add(new Resolved(s, s.parse(flag, Setting.Source.FLAG), flag, s.flag()));
            } else if (env != null) {
                out.add(new Resolved(s, s.parse(env, Setting.Source.ENVIRONMENT), env, "$" + s.env()));
            } else {
                out.add(new Resolved(s, s.fallback(), null, DEFAULT));
            }
        }
        return out;
    }

    /** What the functions read: the environment variable of each setting given as a flag or in the environment. */
    static Map<String, String> environment(List<Resolved> settings) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Resolved r : settings) {
            if (r.text() != null) env.put(r.setting().env(), r.text());
        }
        return env;
    }

    /** Prints one line per setting: key, value, where it came from, and a warning when it relaxes a default. */
    static void print(List<Resolved> settings, PrintWriter out) {
        int width = 0;
        for (Resolved r : settings) width = Math.max(width, r.setting().key().length());
        for (Resolved r : settings) {
            String value = r.value() == null || r.value() instanceof List<?> l && l.isEmpty()
                    ? plain(r.setting().defaultText()) : r.setting().format(r.value());
            String why = r.relaxes();
            out.println(String.format("%-" + width + "s  %s  [%s]%s", r.setting().key(), Output.terminal(value), Output.terminal(r.from()),
                    why == null ? "" : "  ! relaxes a security default: " + why));
        }
        out.flush();
    }

    /** Markdown of a declaration's doc as plain text for {@code --help}. */
    static String plain(String markdown) {
        return markdown.replace("`", "").replace("*", "");
    }
}
