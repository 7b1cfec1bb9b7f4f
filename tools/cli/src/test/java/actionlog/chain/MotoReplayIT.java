package actionlog.chain;

import actionlog.testkit.EnabledIfOnPath;
import actionlog.testkit.MotoServer;
import actionlog.testkit.chain.StackFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Replay round trips, DLQ peek and redrive against moto's server, one per class. moto has no message move task:
 * the redrive test goes through the receive/send/delete fallback. Skipped, with the reason, where moto_server is not on the PATH.
 */
@EnabledIfOnPath(value = MotoServer.COMMAND, install = MotoServer.INSTALL)
class MotoReplayIT extends ReplayContract {
    static MotoServer moto;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        stack = StackFixture.endpoint(moto.endpoint(), null);
    }

    @AfterAll
    static void stopMoto() {
        if (stack != null) stack.close();
        stack = null;
        if (moto != null) moto.close();
    }
}
