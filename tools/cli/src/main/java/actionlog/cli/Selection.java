package actionlog.cli;

import actionlog.support.EventStore;
import picocli.CommandLine.Option;

/**
 * Which events a command reads: one user, one session, one request or one client address. Every command that
 * selects events takes it as the same exclusive group of options ({@code trace}, {@code export}, {@code tail});
 * {@code session}, {@code request} and {@code ip} are {@code trace} with the id as their argument.
 */
final class Selection {
    @Option(names = {"-u", "--user"}, description = "A user's events (the id as the edge recorded it).")
    String user;

    @Option(names = "--session", description = "A session's events: its stored id (s_...) or the raw session cookie value.")
    String session;

    @Option(names = "--request", description = "One request, by its event id.")
    String request;

    @Option(names = "--ip", description = "A client address's events.")
    String ip;

    static Selection session(String id) {
        Selection s = new Selection();
        s.session = id;
        return s;
    }

    static Selection request(String eventId) {
        Selection s = new Selection();
        s.request = eventId;
        return s;
    }

    static Selection ip(String address) {
        Selection s = new Selection();
        s.ip = address;
        return s;
    }

    /** Whether this names one request, where the trace id of the backend is the next step. */
    boolean oneRequest() {
        return request != null;
    }

    EventStore.Selector selector() {
        if (user != null) return EventStore.Selector.user(user);
        if (session != null) return EventStore.Selector.session(session);
        if (request != null) return EventStore.Selector.request(request);
        if (ip != null) return EventStore.Selector.ip(ip);
        throw new IllegalArgumentException("which events? pass --user, --session, --request or --ip");
    }
}
