package actionlog.cli;

import actionlog.core.TableSchema;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

@Command(name = "actionlog", mixinStandardHelpOptions = true, version = "actionlog 0.1.0",
        description = "What did user X do, when, from where? Support queries and the local runtime.",
        subcommands = {LocalCommand.class, LookupCommands.Trace.class, LookupCommands.Session.class,
                LookupCommands.Request.class, LookupCommands.Ip.class, SearchCommand.class, TailCommand.class, ExportCommand.class, ForgetCommand.class, UiCommand.class,
                SqlCommand.class, ArchiveCommand.class, ConfigCommand.class,
                OpsCommands.Replay.class, OpsCommands.Recover.class, OpsCommands.Dlq.class, OpsCommands.Redrive.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 runtime error, 2 usage error."})
public final class Main implements Runnable {
    public static final int RUNTIME_ERROR = 1;
    public static final int USAGE_ERROR = 2;

    @Spec CommandSpec spec;

    public static void main(String[] args) {
        // `local` and `ui` return only from their shutdown hook, once Ctrl-C has started the JVM's shutdown; exit then
        // waits for the remaining hooks and keeps the signal's status, so every command can end the same way
        System.exit(run(args));
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command line as {@link #run} executes it; its writers ({@code setOut}, {@code setErr}) receive all output. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        SettingOptions.addTo(cli.getSubcommands().get("local").getCommandSpec());
        // UTF-8 whatever the platform's charset: JSON and CSV are UTF-8 by definition, and export promises lossless lines
        cli.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof IllegalArgumentException) {
                err.println("actionlog: " + e.getMessage());
                err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
                return USAGE_ERROR;
            }
            err.println("actionlog: " + explain(e, cmd.getCommandName()));
            return RUNTIME_ERROR;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A message that names the cause and the fix, for the errors support staff actually meet. */
    static String explain(Exception e) {
        return explain(e, null);
    }

    /** As {@link #explain(Exception)}, for the error of one command ({@code command}: its name, may be null). */
    static String explain(Exception e, String command) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof SdkException && message.contains("specified index") && message.contains(TableSchema.SEARCH_INDEX)) {
            return "the table has no search index " + TableSchema.SEARCH_INDEX + " (" + message + "); deploy the stack "
                    + "with it on: `npx cdk deploy -c searchIndex=true`";
        }
        if (e instanceof ResourceNotFoundException) {
            return "table not found (" + message + "); check --table and --region, or deploy the stack with `npx cdk deploy`";
        }
        if (e instanceof SdkClientException && message.contains("credentials")) {
            return "no AWS credentials found; run `aws configure` or `aws sso login`, pass --profile, or use --local";
        }
        if (e instanceof SdkClientException && message.contains("region")) {
            return "no AWS region; pass --region or set AWS_REGION (or run `aws configure`), or use --local for the chain "
                    + "`actionlog local` runs on this machine";
        }
        if (e instanceof SdkException && (message.contains("ExpiredToken") || message.contains("expired"))) {
            return "your AWS credentials have expired; run `aws sso login` (or refresh them) and try again";
        }
        if (e instanceof SdkClientException && message.contains("Unable to execute HTTP request") && "local".equals(command)) {
            return "cannot reach the service (" + message + "); check that the endpoint given to --localstack is up "
                    + "(LocalStack or moto started and listening there), or leave --localstack out to use the embedded emulators";
        }
        if (e instanceof SdkClientException && message.contains("Unable to execute HTTP request")) {
            return "cannot reach the service (" + message + "); check --endpoint-url, your network, or that "
                    + "`actionlog local` is still running";
        }
        return message;
    }
}
