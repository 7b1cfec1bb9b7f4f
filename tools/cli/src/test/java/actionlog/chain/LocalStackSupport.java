package actionlog.chain;

import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/** The LocalStack container the LocalStack tests share; a tag that needs no auth token. */
final class LocalStackSupport {
    static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.4.0");

    private LocalStackSupport() {}

    static LocalStackContainer container() {
        return new LocalStackContainer(IMAGE).withServices("sqs", "dynamodb");
    }
}
