package actionlog.chain;

import actionlog.testkit.TestOrigin;
import actionlog.testkit.chain.StackFixture;
import org.junit.jupiter.api.BeforeAll;

/** The pipeline on the embedded ElasticMQ + DynamoDB Local. */
class EmbeddedPipelineIT extends PipelineContract {
    @BeforeAll
    static void start() throws Exception {
        origin = new TestOrigin();
        stack = StackFixture.embedded(origin.url());
    }
}
