package actionlog.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One setting, declared once in {@link SettingCatalog}: its CDK context key, the environment variable the functions
 * read, the flag of {@code ./actionlog local}, its type, default, bounds, a one-line doc, and when a value relaxes a
 * security default. The CDK app, the functions, the local runtime, the CLI and the README's tables all read this
 * declaration; none writes a default or a parser of its own.
 *
 * <p>Parsing is a switch over {@link Kind} rather than one lambda per setting: the edge reads its settings on a
 * cold start, and each lambda is a class spun at first use.
 *
 * @param <T> the parsed type
 */
public final class Setting<T> {

    /** Who reads the setting. */
    public enum Scope {
        /** The edge function (and the local runtime's edge): an environment variable, a context key and a local flag. */
        EDGE,
        /** The consumer function: an environment variable, a context key and a local flag. */
        CONSUMER,
        /** Only the CDK app: the shape of the deployment. */
        STACK,
        /** The CLI and the web timeline: an environment variable and a context key (a stack output). */
        READERS
    }

    /** Where a value came from, for error messages and {@code actionlog config}. */
    public enum Source {
        DEFAULT, CONTEXT, ENVIRONMENT, FLAG;

        /** How this source names the setting: {@code context key 'x'}, {@code ACTIONLOG_X}, {@code --x}. */
        public String name(Setting<?> s) {
            return switch (this) {
                case CONTEXT -> "context key '" + s.key + "'";
                case ENVIRONMENT -> s.env;
                case FLAG -> s.flag;
                case DEFAULT -> "the default of " + s.key;
            };
        }

        /** How to set {@code value} in this source, for the fix an error message suggests. */
        public String example(Setting<?> s, String value) {
            return switch (this) {
                case CONTEXT, DEFAULT -> "-c " + s.key + "=" + value;
                case ENVIRONMENT -> s.env + "=" + value;
                case FLAG -> s.flag + " " + value;
            };
        }
    }

    /** What a value must look like. */
    enum Kind { TEXT, NAME, LIST, INT, INT_OR_NONE, INT_IN, BOOL, CHOICE, URL, MATCH, PATHS, PATTERN_OR_EMPTY, LINK_TEMPLATE }

    /** When a value relaxes a security or privacy default (the shipped cdk.json holds none of these). */
    enum Relax { NEVER, WHEN_SET, WHEN_FALSE, WHEN_POSITIVE, WHEN_TAKING_DEFAULTS_OFF, WHEN_PLAIN_HTTP }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
    private static final Pattern PATH_PATTERN = Pattern.compile("/[A-Za-z0-9_\\-.*/~$&+:=@]*");

    final String key;
    final String env;
    final String flag;
    final Scope scope;
    final Kind kind;
    final T fallback;
    final String defaultText;
    final String doc;
    final String label;
    final int min;
    final int max;
    final List<Integer> allowed;
    final List<String> choices;
    final Pattern pattern;
    final String what;
    final Relax relax;
    final String relaxWhy;

    private Setting(Builder<T> b) {
        this.key = b.key;
        this.scope = b.scope;
        this.env = b.env != null ? b.env : b.scope == Scope.STACK ? null : envName(b.key);
        this.flag = b.noFlag ? null : b.flag != null ? b.flag : b.scope == Scope.EDGE || b.scope == Scope.CONSUMER ? flagName(b.key) : null;
        this.kind = b.kind;
        this.fallback = b.fallback;
        this.defaultText = b.defaultText != null ? b.defaultText
                : b.fallback == null || b.fallback instanceof List<?> l && l.isEmpty() ? "none" : "`" + display(b.fallback) + "`";
        this.doc = b.doc;
        this.label = b.label;
        this.min = b.min;
        this.max = b.max;
        this.allowed = b.allowed;
        this.choices = b.choices;
        this.pattern = b.pattern;
        this.what = b.what;
        this.relax = b.relax;
        this.relaxWhy = b.relaxWhy;
    }

    /** {@code redactQueryParams} → {@code ACTIONLOG_REDACT_QUERY_PARAMS}. */
    static String envName(String key) {
        return "ACTIONLOG_" + key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    /** {@code redactQueryParams} → {@code --redact-query-params}. */
    static String flagName(String key) {
        return "--" + key.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The CDK context key (also the name in {@code actionlog config}). */
    public String key() { return key; }

    /** The environment variable the functions (and the local runtime) read; null for a stack-only setting. */
    public String env() { return env; }

    /** The flag of {@code ./actionlog local}; null when the local runtime has no use for the setting. */
    public String flag() { return flag; }

    public Scope scope() { return scope; }

    /** The only values a whole-number setting of fixed choices accepts (empty for the others). */
    public List<Integer> allowed() { return allowed; }

    /** The default, parsed; null when the setting is off (or derived, see {@link #defaultText()}) by default. */
    public T fallback() { return fallback; }

    /** The default as the README shows it (Markdown: a value in backticks, or prose). */
    public String defaultText() { return defaultText; }

    /** One line: what the setting does. */
    public String doc() { return doc; }

    /** What a value looks like, for a flag's parameter label (e.g. {@code N}, {@code A,B}, {@code URL}). */
    public String label() { return label; }

    /**
     * Parses a raw value (a string, or a list or scalar from {@code cdk.json}) from {@code source}; null or blank
     * gives the default.
     *
     * @throws IllegalArgumentException naming the source, what is wrong and the fix
     */
    @SuppressWarnings("unchecked")
    public T parse(Object raw, Source source) {
        String text = raw == null ? null : display(raw).trim();
        if (text == null) return fallback;
        if (text.isEmpty()) return kind == Kind.PATTERN_OR_EMPTY ? (T) "" : fallback;
        return (T) parseText(text, source);
    }

    private Object parseText(String value, Source source) {
        switch (kind) {
            case TEXT:
                return value;
            case NAME:
                if (NAME.matcher(value).matches() || value.equalsIgnoreCase("none") && choices.contains("none")) return value;
                throw invalid(source, value, "is not a valid header or cookie name (letters, digits, - _ .)"
                        + (choices.contains("none") ? ", nor none (off)" : ""));
            case LIST:
                return list(value);
            case PATHS: {
                List<String> paths = list(value);
                for (String p : paths) {
                    if (!PATH_PATTERN.matcher(p).matches()) {
                        throw invalid(source, value, "has '" + p + "', which is not a CloudFront path pattern; use e.g. /static/* or /*.js");
                    }
                }
                return paths;
            }
            case INT:
            case INT_OR_NONE:
            case INT_IN: {
                if (kind == Kind.INT_OR_NONE && value.equalsIgnoreCase("none")) return null;
                try {
                    int parsed = Integer.parseInt(value);
                    if (kind == Kind.INT_IN ? allowed.contains(parsed) : parsed >= min && parsed <= max) return parsed;
                } catch (NumberFormatException ignored) {
                    // reported below
                }
                if (kind == Kind.INT_IN) throw invalid(source, value, "must be one of " + allowed);
                throw invalid(source, value, "must be a whole number from " + min + " to " + max
                        + (kind == Kind.INT_OR_NONE ? " (or none)" : ""));
            }
            case BOOL: {
                Boolean parsed = Settings.parseBoolean(value);
                if (parsed == null) throw invalid(source, value, "must be true or false");
                return parsed;
            }
            case CHOICE:
                for (String c : choices) if (c.equalsIgnoreCase(value)) return c;
                throw invalid(source, value, "must be one of " + String.join(", ", choices));
            case URL: {
                try {
                    java.net.URI uri = java.net.URI.create(value);
                    if (uri.getHost() != null && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
                    }
                } catch (IllegalArgumentException ignored) {
                    // reported below
                }
                throw invalid(source, value, "is not an absolute http(s) URL");
            }
            case MATCH:
                if (pattern.matcher(value).matches()) return value;
                throw invalid(source, value, "is not " + what);
            case PATTERN_OR_EMPTY:
                try {
                    Pattern.compile(value);
                    return value;
                } catch (java.util.regex.PatternSyntaxException e) {
                    throw invalid(source, value, "is not a regular expression (" + e.getDescription() + ")");
                }
            case LINK_TEMPLATE:
                try {
                    return TraceContext.checkLinkTemplate(value);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source.name(this) + ": " + e.getMessage(), e);
                }
            default:
                throw new AssertionError(kind);
        }
    }

    private IllegalArgumentException invalid(Source source, String value, String problem) {
        String example = fallback != null && kind != Kind.MATCH ? display(fallback) : exampleValue();
        return new IllegalArgumentException(source.name(this) + "='" + value + "' " + problem
                + (example == null ? "" : "; fix: " + source.example(this, example))
                + (kind == Kind.PATTERN_OR_EMPTY ? ", or an empty value for none" : ""));
    }

    private String exampleValue() {
        return switch (kind) {
            case URL -> "https://app.example.com";
            case CHOICE -> choices.get(0);
            default -> null;
        };
    }

    private static List<String> list(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) items.add(item.trim());
        }
        return List.copyOf(items);
    }

    /** A parsed value as the environment (and {@code actionlog config}) writes it. */
    public String format(Object value) {
        return value == null ? "" : display(value);
    }

    private static String display(Object value) {
        if (!(value instanceof List<?> l)) return String.valueOf(value);
        StringBuilder out = new StringBuilder();
        for (Object item : l) {
            if (out.length() > 0) out.append(',');
            out.append(item);
        }
        return out.toString();
    }

    /** Whether {@code value} relaxes a security or privacy default, and why; null when it does not. */
    public String relaxes(Object value) {
        boolean relaxed = switch (relax) {
            case NEVER -> false;
            case WHEN_SET -> value != null;
            case WHEN_FALSE -> Boolean.FALSE.equals(value);
            case WHEN_POSITIVE -> value instanceof Integer i && i > 0;
            case WHEN_TAKING_DEFAULTS_OFF -> value instanceof List<?> l && takesDefaultsOff(l);
            case WHEN_PLAIN_HTTP -> value != null && value.toString().startsWith("http://");
        };
        return relaxed ? relaxWhy : null;
    }

    private static boolean takesDefaultsOff(List<?> names) {
        for (Object name : names) {
            if (String.valueOf(name).startsWith(CaptureConfig.UNREDACT_PREFIX)) return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return key;
    }

    static <T> Builder<T> builder(String key, Scope scope, Kind kind) {
        return new Builder<>(key, scope, kind);
    }

    static final class Builder<T> {
        private final String key;
        private final Scope scope;
        private final Kind kind;
        private String env;
        private String flag;
        private T fallback;
        private String defaultText;
        private String doc = "";
        private String label = "VALUE";
        private int min = Integer.MIN_VALUE;
        private int max = Integer.MAX_VALUE;
        private List<Integer> allowed = List.of();
        private List<String> choices = List.of();
        private Pattern pattern;
        private String what;
        private Relax relax = Relax.NEVER;
        private String relaxWhy;
        private boolean noFlag;

        private Builder(String key, Scope scope, Kind kind) {
            this.key = key;
            this.scope = scope;
            this.kind = kind;
        }

        Builder<T> env(String name) { this.env = name; return this; }
        Builder<T> flag(String name) { this.flag = name; return this; }
        /** Read from the environment by the local runtime and the CLI alike, so no flag of {@code local}. */
        Builder<T> noFlag() { this.noFlag = true; return this; }
        Builder<T> fallback(T value) { this.fallback = value; return this; }
        Builder<T> defaultText(String text) { this.defaultText = text; return this; }
        Builder<T> doc(String text) { this.doc = text; return this; }
        Builder<T> label(String text) { this.label = text; return this; }
        Builder<T> bounds(int lo, int hi) { this.min = lo; this.max = hi; return this; }
        Builder<T> allowed(Integer... values) { this.allowed = Arrays.asList(values); return this; }
        Builder<T> choices(String... values) { this.choices = Arrays.asList(values); return this; }
        Builder<T> pattern(String regex, String description) { this.pattern = Pattern.compile(regex); this.what = description; return this; }
        /** {@code why}: said by {@code actionlog config} and the synth warning when a value relaxes a default. */
        Builder<T> relaxes(Relax when, String why) { this.relax = when; this.relaxWhy = why; return this; }

        Setting<T> build() {
            return new Setting<>(this);
        }
    }
}
