package actionlog.support.ops;

import actionlog.core.Json;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the event in one line of the edge's fallback sink, as written to the function's log and as it comes
 * back from CloudWatch Logs (raw, prefixed with a timestamp, or wrapped in a JSON log record's "message").
 */
public final class FallbackLines {
    private FallbackLines() {}

    /**
     * Removes every event of a user (as stored: {@code user.id}) from a local fallback log, in place (through a
     * temporary file and an atomic move); other lines, readable or not, are kept. Returns how many lines went.
     */
    public static int purgeUser(java.nio.file.Path log, String storedUserId) throws java.io.IOException {
        if (!java.nio.file.Files.exists(log)) return 0;
        java.nio.file.Path tmp = log.resolveSibling(log.getFileName() + ".purge");
        int removed = 0;
        long consumed = 0;
        try (java.io.InputStream in = new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(log));
             java.io.OutputStream out = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(tmp))) {
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            int b;
            boolean more = true;
            while (more) {
                b = in.read();
                if (b != -1) consumed++;
                if (b != -1 && b != '\n') {
                    line.write(b);
                    continue;
                }
                more = b != -1;
                byte[] bytes = line.toByteArray();
                line.reset();
                if (bytes.length == 0 && !more) break;
                Optional<String> event = event(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
                if (event.isPresent() && storedUserId.equals(Json.readObject(event.get()).get("user.id"))) {
                    removed++;
                    continue;
                }
                out.write(bytes);
                out.write('\n');
            }
        }
        // lines the running edge appended meanwhile are carried over (they are checked on the next forget)
        try (java.nio.channels.FileChannel source = java.nio.channels.FileChannel.open(log, java.nio.file.StandardOpenOption.READ);
             java.nio.channels.FileChannel target = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.APPEND)) {
            source.transferTo(consumed, Math.max(0, source.size() - consumed), target);
        }
        java.nio.file.Files.move(tmp, log, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return removed;
    }

    public static Optional<String> event(String line) {
        int brace = line.indexOf('{');
        if (brace < 0) return Optional.empty();
        Map<String, Object> json;
        try {
            json = Json.readObject(line.substring(brace));
        } catch (IllegalArgumentException notJson) {
            return Optional.empty();
        }
        return event(json, 0);
    }

    private static Optional<String> event(Map<String, Object> json, int depth) {
        if ("fallback".equals(json.get("actionlog")) && json.get("event") instanceof Map<?, ?> event) {
            return Optional.of(Json.write(event));
        }
        if (depth < 2 && json.get("message") instanceof String message && message.contains("\"actionlog\"")) {
            int brace = message.indexOf('{');
            try {
                return brace < 0 ? Optional.empty() : event(Json.readObject(message.substring(brace)), depth + 1);
            } catch (IllegalArgumentException notJson) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
