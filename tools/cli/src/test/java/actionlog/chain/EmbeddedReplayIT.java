package actionlog.chain;

import actionlog.testkit.chain.StackFixture;
import org.junit.jupiter.api.BeforeAll;

class EmbeddedReplayIT extends ReplayContract {
    @BeforeAll
    static void start() {
        stack = StackFixture.embedded(null);
    }
}
