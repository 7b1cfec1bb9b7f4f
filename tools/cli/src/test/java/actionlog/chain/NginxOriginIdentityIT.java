package actionlog.chain;

import static actionlog.core.ActionEvent.*;
import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.ActionEvent;
import actionlog.core.Identity;
import actionlog.local.LocalRuntime;
import actionlog.support.EventStore;
import actionlog.support.TimeRange;
import actionlog.testkit.EnabledIfOnPath;
import actionlog.testkit.Eventually;
import actionlog.testkit.chain.StackFixture;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The edge in front of a real web server that names no one: whatever a viewer claims, nobody is recorded under it. */
@EnabledIfOnPath(value = Nginx.COMMAND, install = Nginx.INSTALL)
class NginxOriginIdentityIT {
    static Nginx nginx;
    static StackFixture stack;

    @BeforeAll
    static void start() throws Exception {
        nginx = new Nginx();
        stack = new StackFixture(LocalRuntime.options().origin(nginx.url()).visibilityTimeoutSeconds(1).register(true).pollers(1));
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
        if (nginx != null) nginx.close();
    }

    @Test
    void claimsFromTheViewerRecordNothingUnderTheClaimedName() {
        HttpResponse<byte[]> response = stack.send("GET", "/", null, "X-User-Id", "mallory", "X-Actionlog-User", "mallory");
        assertEquals(200, response.statusCode());
        assertEquals("<!doctype html><title>nginx origin</title><p>hello</p>\n", new String(response.body(), StandardCharsets.UTF_8));
        ActionEvent event = Eventually.until(StackFixture.WAIT, () -> stack.store.find(EventStore.Selector.ip("127.0.0.1"),
                TimeRange.ALL, EventStore.Filters.NONE, 0, null), e -> e.size() == 1, "the request").get(0);
        assertEquals(Identity.ANONYMOUS, event.get(F_USER_SOURCE));
        assertEquals(List.of(), stack.events("mallory"));
    }
}
