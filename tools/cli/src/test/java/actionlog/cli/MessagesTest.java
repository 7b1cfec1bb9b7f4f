package actionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Errors a newcomer meets first: each names the cause and the fix that applies to the command they ran. */
class MessagesTest {
    @Test
    void withoutARegionTheFixIncludesTheLocalChain() {
        SdkClientException e = SdkClientException.create("Unable to load region from any of the providers in the chain");
        assertEquals("no AWS region; pass --region or set AWS_REGION (or run `aws configure`), or use --local for the chain "
                + "`actionlog local` runs on this machine", Main.explain(e, "trace"));
    }

    @Test
    void aTimelinePortInUseNamesTheFlagOfUi() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = busy.getLocalPort();
            // nothing is asked of AWS before the port is taken: the table and trace link are given, clients connect on use
            CliRun run = CliRun.of("ui", "--endpoint-url", "http://127.0.0.1:1", "--region", "us-east-1", "--table", "events",
                    "--trace-link", "https://tempo.example.com/trace/{traceId}", "--port", String.valueOf(port));
            assertEquals(Main.USAGE_ERROR, run.code(), run.out() + run.err());
            assertEquals("actionlog: the timeline cannot listen on 127.0.0.1:" + port + " (Address already in use); choose "
                    + "another port with --port", run.err().lines().findFirst().orElse(""));
        }
    }
}
