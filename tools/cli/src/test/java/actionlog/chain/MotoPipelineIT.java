package actionlog.chain;

import actionlog.testkit.EnabledIfOnPath;
import actionlog.testkit.MotoServer;
import actionlog.testkit.TestOrigin;
import actionlog.testkit.chain.StackFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The same pipeline tests with moto's SQS and DynamoDB (a third-party emulator; handlers in this JVM), one server
 * per class. Reported as skipped, not failed, where moto_server is not on the PATH.
 */
@EnabledIfOnPath(value = MotoServer.COMMAND, install = MotoServer.INSTALL)
class MotoPipelineIT extends PipelineContract {
    static MotoServer moto;

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.start();
        origin = new TestOrigin();
        stack = StackFixture.endpoint(moto.endpoint(), origin.url());
    }

    @AfterAll
    static void stopMoto() {
        // runs before the contract's own @AfterAll: stop the chain while the server still answers
        if (stack != null) stack.close();
        stack = null;
        if (moto != null) moto.close();
    }
}
