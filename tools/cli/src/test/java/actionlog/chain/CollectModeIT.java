package actionlog.chain;

import static actionlog.core.ActionEvent.*;
import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ActionEvent;
import actionlog.testkit.chain.StackFixture;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CollectModeIT {
    static StackFixture stack;

    @BeforeAll
    static void start() {
        stack = StackFixture.embedded(null);
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
    }

    @Test
    void everyRequestIsAnswered204AndStored() {
        assertEquals(204, stack.send("POST", "/signup?password=hunter2", "name=carol".getBytes(StandardCharsets.UTF_8),
                "X-User-Id", "carol-it").statusCode());
        ActionEvent event = stack.awaitEvents("carol-it", 1).get(0);
        assertEquals("collect", event.get(F_MODE));
        assertEquals("/signup", event.get(F_PATH));
        assertEquals("password=[REDACTED]", event.get(F_QUERY));
        assertEquals(10L, event.number(F_BODY_SIZE));
    }

    @Test
    void beaconsAreStoredWithTheirAction() {
        assertEquals(204, stack.send("POST", "/_actionlog/collect",
                "{\"action\":\"add_to_cart\",\"properties\":{\"sku\":\"A-1\"}}".getBytes(StandardCharsets.UTF_8),
                "X-User-Id", "beacon-it", "Content-Type", "application/json").statusCode());
        ActionEvent event = stack.awaitEvents("beacon-it", 1).get(0);
        assertEquals(KIND_BEACON, event.get(F_KIND));
        assertEquals("add_to_cart", event.get(F_ACTION));
    }
}
