package actionlog.chain;

import actionlog.testkit.chain.StackFixture;
import org.junit.jupiter.api.BeforeAll;

class EmbeddedReplayTest extends ReplayContract {
    @BeforeAll
    static void start() {
        stack = StackFixture.embedded(null);
    }
}
