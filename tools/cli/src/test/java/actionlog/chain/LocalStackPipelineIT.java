package actionlog.chain;

import actionlog.testkit.TestOrigin;
import actionlog.testkit.chain.StackFixture;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;

/**
 * The same pipeline tests with LocalStack's SQS and DynamoDB (handlers in this JVM). Reported as skipped, not
 * failed, where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackPipelineIT extends PipelineContract {
    @Container
    static final LocalStackContainer LOCALSTACK = LocalStackSupport.container();

    @BeforeAll
    static void start() throws Exception {
        origin = new TestOrigin();
        stack = StackFixture.localstack(LOCALSTACK.getEndpoint(), origin.url());
    }
}
