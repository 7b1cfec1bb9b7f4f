package actionlog.edge;

import actionlog.core.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * An internal Lambda extension (Extensions API) that lets the edge return the user's response first and send
 * the captured event afterwards: Lambda answers the client as soon as the handler returns, but keeps the
 * environment running until every extension asks for its next event. This thread asks only once the handler
 * has returned from the invocation the INVOKE event names (matched by request id, so an invocation whose handler
 * never ran, e.g. a payload the runtime could not deserialise, costs only itself) and every send it started has
 * finished, or the invocation deadline is near. It speaks plain HTTP/1.1, as the Extensions API does.
 */
final class PostResponseFlush implements AfterResponse {
    static final String NAME = "actionlog-post-response-flush";

    /** Request ids the handler finished that the extension has not matched yet; a few at most. */
    static final int MAX_UNMATCHED = 16;

    private final HttpClient http = client();
    private final String base;
    private final String extensionId;
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<String> finished = new java.util.LinkedHashSet<>(); // guarded by this
    private String awaiting; // the request id of the invocation the extension is in; guarded by this

    private PostResponseFlush(String base, String extensionId) {
        this.base = base;
        this.extensionId = extensionId;
    }

    /** Registers with the Extensions API at {@code runtimeApi} (host:port); null when that is not possible. */
    static PostResponseFlush register(String runtimeApi) {
        if (runtimeApi == null || runtimeApi.isBlank()) return null;
        String base = "http://" + runtimeApi + "/2020-01-01/extension";
        try {
            HttpResponse<String> response = client().send(HttpRequest.newBuilder(URI.create(base + "/register"))
                    .header("Lambda-Extension-Name", NAME)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[\"INVOKE\"]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            String id = response.headers().firstValue("Lambda-Extension-Identifier").orElse(null);
            if (response.statusCode() != 200 || id == null) {
                System.err.println("actionlog: post-response flush not available (register answered "
                        + response.statusCode() + "); events are sent before each response instead");
                return null;
            }
            PostResponseFlush flush = new PostResponseFlush(base, id);
            Thread thread = new Thread(flush::loop, NAME);
            thread.setDaemon(true);
            thread.start();
            return flush;
        } catch (IOException | RuntimeException e) {
            System.err.println("actionlog: post-response flush not available (" + e + "); events are sent before each response instead");
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Called by the handler for each send it started. */
    @Override
    public void track(CompletableFuture<?> send) {
        inFlight.add(send);
        send.whenComplete((ok, failure) -> inFlight.remove(send));
    }

    /** Called by the handler when it returns, whatever the outcome, with Lambda's request id. */
    @Override
    public synchronized void invocationFinished(String requestId) {
        String id = requestId != null ? requestId : awaiting; // no id: the invocation under way
        if (id == null) return;
        finished.add(id);
        while (finished.size() > MAX_UNMATCHED) finished.remove(finished.iterator().next());
        notifyAll();
    }

    @Override
    public void invocationFinished() {
        invocationFinished(null);
    }

    private void loop() {
        while (true) {
            Map<String, Object> event;
            try {
                event = next();
            } catch (IOException e) {
                sleep(50); // e.g. a connection reset after a snapshot restore: ask again
                continue;
            } catch (InterruptedException e) {
                return;
            }
            if (!"INVOKE".equals(event.get("eventType"))) continue;
            String requestId = event.get("requestId") instanceof String id ? id : null;
            long deadline = event.get("deadlineMs") instanceof Number n ? n.longValue() : System.currentTimeMillis() + 3000;
            awaitFlush(requestId, deadline - 300);
        }
    }

    private void awaitFlush(String requestId, long deadlineMs) {
        try {
            synchronized (this) {
                awaiting = requestId;
                // the handler may have returned before this INVOKE event arrived: then its id is already there
                while (requestId != null && !finished.remove(requestId)) {
                    long wait = deadlineMs - System.currentTimeMillis();
                    if (wait <= 0) return; // its handler never ran (or is stuck): this invocation alone pays
                    wait(wait);
                }
            }
            long wait = deadlineMs - System.currentTimeMillis();
            if (wait > 0 && !inFlight.isEmpty()) {
                CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(wait, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception sendTimedOut) {
            // the sender itself falls back on timeout; nothing more to do here
        } finally {
            synchronized (this) {
                awaiting = null;
            }
        }
    }

    private Map<String, Object> next() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/event/next"))
                .header("Lambda-Extension-Identifier", extensionId).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) throw new IOException("event/next answered " + response.statusCode());
        return Json.readObject(response.body());
    }

    /** Plain HTTP/1.1: the JDK's default (HTTP/2) would send {@code Upgrade: h2c} to the Extensions API. */
    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
