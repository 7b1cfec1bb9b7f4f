package actionlog.chain;

import actionlog.testkit.chain.StackFixture;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;

/** Replay round trips against LocalStack; skipped (not failed) where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackReplayIT extends ReplayContract {
    @Container
    static final LocalStackContainer LOCALSTACK = LocalStackSupport.container();

    @BeforeAll
    static void start() {
        stack = StackFixture.localstack(LOCALSTACK.getEndpoint(), null);
    }
}
