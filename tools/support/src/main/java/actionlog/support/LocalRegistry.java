package actionlog.support;

import actionlog.core.Env;
import actionlog.core.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a running {@code actionlog local} records its endpoints, so other commands can use {@code --local}.
 * The directory is the {@code actionlog.home} system property, else {@code $ACTIONLOG_HOME}, else {@code ~/.actionlog}.
 */
public record LocalRegistry(URI sqsEndpoint, URI dynamoEndpoint, String region, String queueUrl, String dlqUrl, String table,
                            String edgeUrl, long pid, String archiveDir) {

    public static Path home() {
        String property = System.getProperty("actionlog.home");
        if (property != null && !property.isBlank()) return Path.of(property);
        String configured = System.getenv(Env.HOME);
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".actionlog");
    }

    static Path file() {
        return home().resolve("local.json");
    }

    /** The fallback sink of the local edge: events SQS did not take, one JSON line each. */
    public static Path fallbackLog() {
        return home().resolve("fallback.log");
    }

    public void write() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sqsEndpoint", sqsEndpoint.toString());
        json.put("dynamoEndpoint", dynamoEndpoint.toString());
        json.put("region", region);
        json.put("queueUrl", queueUrl);
        json.put("dlqUrl", dlqUrl);
        json.put("table", table);
        json.put("edgeUrl", edgeUrl);
        json.put("pid", pid);
        json.put("archiveDir", archiveDir);
        try {
            Files.createDirectories(home());
            Path tmp = Files.createTempFile(home(), "local", ".json");
            Files.writeString(tmp, Json.write(json));
            Files.move(tmp, file(), java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file() + ": " + e.getMessage(), e);
        }
    }

    /** The running local runtime, or an error that says how to start one. */
    public static LocalRegistry read() {
        Path file = file();
        if (!Files.exists(file)) {
            throw new IllegalStateException("no local runtime is running (" + file + " not found); start one with `./actionlog local`");
        }
        try {
            Map<String, Object> json = Json.readObject(Files.readString(file));
            LocalRegistry registry = new LocalRegistry(URI.create((String) json.get("sqsEndpoint")),
                    URI.create((String) json.get("dynamoEndpoint")),
                    json.get("region") == null ? Clients.LOCAL_REGION.id() : (String) json.get("region"), (String) json.get("queueUrl"),
                    (String) json.get("dlqUrl"), (String) json.get("table"), (String) json.get("edgeUrl"),
                    ((Number) json.get("pid")).longValue(), (String) json.get("archiveDir"));
            if (ProcessHandle.of(registry.pid).map(ProcessHandle::isAlive).orElse(false)) return registry;
            throw new IllegalStateException("the local runtime recorded in " + file + " (pid " + registry.pid
                    + ") is not running any more; start one with `./actionlog local`");
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalStateException ise) throw ise;
            throw new IllegalStateException("cannot read " + file + " (" + e.getMessage() + "); restart `./actionlog local`", e);
        }
    }

    /** The running runtime's archive (its Parquet files), or an error that says how to get one. */
    public java.nio.file.Path archive() {
        if (archiveDir == null) throw new IllegalStateException("the running local runtime has no archive; restart `./actionlog local`");
        return java.nio.file.Path.of(archiveDir);
    }

    public void delete() {
        try {
            LocalRegistry current = read();
            if (current.pid == pid) Files.deleteIfExists(file());
        } catch (IllegalStateException | IOException ignored) {
            // nothing recorded, or recorded by another process: leave it
        }
    }
}
