package actionlog.cli;

import actionlog.support.EventStore;
import actionlog.ui.UiServer;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@Command(name = "ui", mixinStandardHelpOptions = true,
        description = "Serve the web timeline on 127.0.0.1 (your own AWS credentials; no public endpoint). Ctrl-C stops.",
        footer = {"", "Examples:", "  actionlog ui --table ActionlogStoreEvents1A2B3C --region eu-west-3",
                "  actionlog ui --local --port 18090"})
final class UiCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TargetOptions target;

    @Option(names = "--port", description = "Port on 127.0.0.1. Default: ${DEFAULT-VALUE}.")
    int port = 18081;

    @Override
    public Integer call() throws InterruptedException {
        DynamoDbClient dynamo = target.dynamo();
        UiServer ui;
        try {
            ui = UiServer.start(new EventStore(dynamo, target.table(), spec.commandLine().getErr()::println), port, Main::explain, target.traceLinkTemplate(),
                    target::archiveSql);
        } catch (UncheckedIOException e) {
            dynamo.close();
            throw new IllegalArgumentException(e.getMessage() + "; choose another port with --port", e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ui.close();
            dynamo.close();
            stopped.countDown();
        }));
        spec.commandLine().getOut().println("actionlog timeline: " + ui.url() + "   (Ctrl-C stops)");
        stopped.await();
        return 0;
    }
}
