package actionlog.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The four ways support asks "what happened?": {@code trace} takes the {@link Selection} as options;
 * {@code session}, {@code request} and {@code ip} are {@code trace} with the id as their argument.
 */
final class LookupCommands {
    private LookupCommands() {}

    @Command(name = "trace", mixinStandardHelpOptions = true,
            description = "What did a user do? Their events (or a session's, a request's, an address's), newest last.",
            footer = {"", "Examples:", "  actionlog trace --user alice --local",
                    "  actionlog trace --user alice --since 2h --status 5xx --table ActionlogEvents",
                    "  actionlog trace --user alice --from 2026-11-22T14:00 --to 2026-11-22T14:10 --tz Europe/Paris -o csv",
                    "  actionlog trace --session s_3f1a9c2b7d4e5f60a1b2 --local   (the same as `actionlog session ...`)"})
    static final class Trace extends ListCommand {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Selection which;

        @Override
        Selection selection() {
            return which;
        }
    }

    @Command(name = "session", mixinStandardHelpOptions = true, description = "Events of one session.",
            footer = {"", "SESSION is the stored id (s_...) or the raw session cookie value, which is hashed the same way.",
                    "", "Examples:", "  actionlog session s_3f1a9c2b7d4e5f60a1b2 --local"})
    static final class Session extends ListCommand {
        @Parameters(paramLabel = "SESSION")
        String session;

        @Override
        Selection selection() {
            return Selection.session(session);
        }
    }

    @Command(name = "request", mixinStandardHelpOptions = true, description = "One request by its event id.",
            footer = {"", "Examples:", "  actionlog request 5b0c9d2e-7f1a-4c3b-9e8d-1a2b3c4d5e6f --local -o json"})
    static final class Request extends ListCommand {
        @Parameters(paramLabel = "EVENT_ID")
        String id;

        @Override
        Selection selection() {
            return Selection.request(id);
        }
    }

    @Command(name = "ip", mixinStandardHelpOptions = true, description = "Events from one client address.",
            footer = {"", "Examples:", "  actionlog ip 203.0.113.7 --since 1d --local"})
    static final class Ip extends ListCommand {
        @Parameters(paramLabel = "ADDRESS")
        String address;

        @Override
        Selection selection() {
            return Selection.ip(address);
        }
    }
}
