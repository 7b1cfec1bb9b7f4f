package actionlog.cli;

import actionlog.core.EdgeProtocol;
import actionlog.local.LocalRuntime;
import actionlog.support.Clients;
import actionlog.support.EventStore;
import actionlog.ui.UiServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "local", mixinStandardHelpOptions = true,
        description = "Run the whole chain on this machine: embedded SQS (ElasticMQ) and DynamoDB Local, the edge, "
                + "the consumer, and a demo app behind the edge. Stays up until Ctrl-C.",
        footer = {"", "Examples:", "  actionlog local --port 18080",
                "  actionlog local --origin http://127.0.0.1:3000      # put the edge in front of your own app",
                "  actionlog local --data ./actionlog-data             # keep the table between runs",
                "  actionlog local --localstack http://localhost:4566  # use LocalStack instead of the embedded emulators"})
final class LocalCommand implements Callable<Integer> {
    @Option(names = "--port", description = "Edge port. Default: ${DEFAULT-VALUE}.")
    int port = 18080;

    @Option(names = "--origin", description = "Proxy to this application instead of the demo app.")
    String origin;

    @Option(names = "--collect", description = "Collect mode: capture and answer 204, no origin.")
    boolean collect;

    @Option(names = "--data", description = "Persist the table in this directory (default: in memory).")
    Path data;

    @Option(names = "--ui-port", description = "Port of the web timeline on 127.0.0.1. Default: ${DEFAULT-VALUE}.")
    int uiPort = 18081;

    @Option(names = "--localstack", description = "Use this AWS-compatible endpoint (LocalStack, moto, ...) instead of the "
            + "embedded emulators; the region is $AWS_REGION, else " + Clients.LOCAL_REGION_ID + ". Queue and table stay there between runs.")
    URI localstack;

    @Override
    public Integer call() throws InterruptedException {
        if (origin != null && collect) throw new IllegalArgumentException("use either --origin or --collect, not both");
        if (data != null && localstack != null) {
            throw new IllegalArgumentException("--data applies to the embedded emulators; with --localstack the endpoint keeps the data");
        }
        if (data != null) data.toFile().mkdirs();
        LocalRuntime runtime = LocalRuntime.start(LocalRuntime.options().port(port).origin(origin).collect(collect)
                .data(data).endpoint(localstack).register(true));
        UiServer ui = UiServer.start(new EventStore(runtime.dynamo(), runtime.table()), uiPort, Main::explain);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("\nactionlog local: shutting down");
            ui.close();
            runtime.close();
            stopped.countDown();
        }, "actionlog-shutdown"));
        System.out.print(banner(runtime, ui.url(), origin, data));
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** What the running chain is and where: printed once it is up. */
    static String banner(LocalRuntime runtime, String timelineUrl, String origin, Path data) {
        StringBuilder out = new StringBuilder();
        out.append("actionlog local is up\n");
        out.append("  edge      ").append(runtime.edgeUrl()).append(runtime.originUrl() == null ? "  (collect mode: 204)"
                : "  → origin " + runtime.originUrl() + (origin == null ? " (demo app)" : "")).append('\n');
        out.append("  timeline  ").append(timelineUrl).append('\n');
        out.append("  beacon    ").append(runtime.edgeUrl()).append(EdgeProtocol.COLLECT_PATH).append('\n');
        out.append("  sqs       ").append(runtime.sqsEndpoint()).append("  queue ").append(runtime.queueUrl()).append('\n');
        out.append("  dynamodb  ").append(runtime.dynamoEndpoint()).append("  table ").append(runtime.table())
                .append(runtime.external() ? " (kept by the endpoint between runs)"
                        : data == null ? " (in memory)" : " (persisted in " + data + ")").append('\n');
        out.append("  region    ").append(runtime.region().id())
                .append(runtime.external() ? " ($AWS_REGION, else " + Clients.LOCAL_REGION_ID + ")" : "").append('\n');
        out.append("Try:  curl -X POST -H 'X-User-Id: alice' -d '{\"item\":42}' ").append(runtime.edgeUrl()).append("/orders\n");
        out.append("      ./actionlog trace --user alice --local\n");
        out.append("Ctrl-C stops.\n");
        return out.toString();
    }
}
