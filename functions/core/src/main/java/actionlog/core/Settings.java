package actionlog.core;

import java.util.Locale;
import java.util.Map;

/**
 * Reads configuration from environment variables once: a declared setting through its declaration
 * ({@link #get}), the stack's wiring ({@link Env}) as text or a boolean; each refusal names the variable, what is
 * wrong, and how to fix it.
 */
public final class Settings {
    private final Map<String, String> env;

    public Settings(Map<String, String> env) {
        this.env = env;
    }

    /**
     * A declared setting from its environment variable, or its default.
     *
     * @throws IllegalStateException naming the variable, what is wrong and the fix
     */
    public <T> T get(Setting<T> setting) {
        try {
            return setting.parse(env.get(setting.env()), Setting.Source.ENVIRONMENT);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public static Settings fromEnvironment() {
        return new Settings(System.getenv());
    }

    public String required(String name, String hint) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set; " + hint);
        }
        return value.trim();
    }

    public String string(String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    public boolean bool(String name, boolean fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) return fallback;
        Boolean parsed = parseBoolean(value);
        if (parsed == null) throw new IllegalStateException(name + "=" + value + " is not a boolean; set true or false");
        return parsed;
    }

    /**
     * The one boolean syntax of every setting, environment variable or CDK context key alike: true/false, yes/no,
     * on/off, 1/0, any case; null for anything else.
     */
    public static Boolean parseBoolean(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> Boolean.TRUE;
            case "false", "0", "no", "off" -> Boolean.FALSE;
            default -> null;
        };
    }
}
