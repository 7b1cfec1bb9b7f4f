package actionlog.edge;

import actionlog.core.Env;
import actionlog.core.Settings;
import actionlog.testkit.TestOrigin;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the edge's tests share: a real loopback origin, a recording sender, fixtures, and an edge configured as the
 * CDK app does, called through the Function URL adapter as Lambda calls it.
 */
abstract class EdgeTestBase {
    static TestOrigin origin;
    RecordingSender sender;

    @BeforeAll
    static void startOrigin() throws Exception {
        origin = new TestOrigin();
    }

    @AfterAll
    static void stopOrigin() {
        origin.close();
    }

    @BeforeEach
    void reset() {
        sender = new RecordingSender();
        origin.received.clear();
    }

    /** An edge configured from environment pairs (as the CDK app writes them); "SECRET" sets the origin secret. */
    FunctionUrlAdapter service(String... env) {
        Map<String, String> map = new HashMap<>();
        map.put(Env.QUEUE_URL, "http://queue");
        for (int i = 0; i < env.length; i += 2) map.put(env[i], env[i + 1]);
        return new FunctionUrlAdapter(new EdgeService(EdgeConfig.fromEnvironment(new Settings(map), map.get("SECRET")), sender),
                () -> 1_795_356_300_000L);
    }

    static APIGatewayV2HTTPEvent fixture(String name) {
        return EventLoader.loadApiGatewayHttpEvent("events/" + name);
    }
}
