package actionlog.cli;

import actionlog.core.EdgeProtocol;
import actionlog.core.Env;
import actionlog.local.LocalRuntime;
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

    @Option(names = "--origin-host", paramLabel = "viewer|origin", description = "Host the origin receives: the viewer's "
            + "(default, as CloudFront forwards it) or the origin's own; absolute URLs and cookie domains naming the "
            + "origin are pointed back at the edge either way. Default: ${DEFAULT-VALUE}.")
    String originHost = "viewer";

    @Option(names = "--collect", description = "Collect mode: capture and answer 204, no origin.")
    boolean collect;

    @Option(names = "--data", description = "Persist the table in this directory (default: in memory).")
    Path data;

    @Option(names = "--ui-port", description = "Port of the web timeline on 127.0.0.1. Default: ${DEFAULT-VALUE}.")
    int uiPort = 18081;

    @Option(names = "--localstack", description = "Use this LocalStack endpoint instead of the embedded emulators.")
    URI localstack;

    @Override
    public Integer call() throws InterruptedException {
        if (origin != null && collect) throw new IllegalArgumentException("use either --origin or --collect, not both");
        if (data != null) data.toFile().mkdirs();
        LocalRuntime runtime = LocalRuntime.start(LocalRuntime.options().port(port).origin(origin).collect(collect)
                .data(data).endpoint(localstack).register(true)
                .edgeEnv(java.util.Map.of(Env.ORIGIN_HOST, originHost)));
        UiServer ui = UiServer.start(new EventStore(runtime.dynamo(), runtime.table()), uiPort, Main::explain);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("\nactionlog local: shutting down");
            ui.close();
            runtime.close();
            stopped.countDown();
        }, "actionlog-shutdown"));
        System.out.println("actionlog local is up");
        System.out.println("  edge      " + runtime.edgeUrl() + (runtime.originUrl() == null ? "  (collect mode: 204)"
                : "  → origin " + runtime.originUrl() + (origin == null ? " (demo app)" : "")));
        System.out.println("  timeline  " + ui.url());
        System.out.println("  beacon    " + runtime.edgeUrl() + EdgeProtocol.COLLECT_PATH);
        System.out.println("  sqs       " + runtime.sqsEndpoint() + "  queue " + runtime.queueUrl());
        System.out.println("  dynamodb  " + runtime.dynamoEndpoint() + "  table " + runtime.table()
                + (data == null ? " (in memory)" : " (persisted in " + data + ")"));
        System.out.println("Try:  curl -X POST -H 'X-User-Id: alice' -d '{\"item\":42}' " + runtime.edgeUrl() + "/orders");
        System.out.println("      ./actionlog trace --user alice --local");
        System.out.println("Ctrl-C stops.");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
