package actionlog.core;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class EventCodecTest {
    static final String VALID = "{\"schema_version\":1,\"event.id\":\"e1\",\"event.received_at\":\"2026-11-22T14:05:00.123Z\","
            + "\"user.id\":\"alice\",\"http.request.method\":\"GET\",\"url.path\":\"/a\",\"session.id\":\"s_1\","
            + "\"client.address\":\"203.0.113.7\",\"http.response.status_code\":200}";

    @Test
    void decodesAValidEvent() throws Exception {
        ActionEvent event = EventCodec.decode(VALID);
        assertEquals("e1", event.id());
        assertEquals("alice", event.userId());
    }

    @Test
    void aDecodedEventIsPassedOnWithTheBytesItCameWith() throws Exception {
        String received = "{ \"schema_version\": 1, \"event.id\": \"e1\", \"event.received_at\": \"2026-11-22T14:05:00.123Z\","
                + " \"user.id\": \"alice\", \"http.request.method\": \"GET\", \"actionlog.latency_ms\": 1e3 }";
        ActionEvent event = EventCodec.decode(received);
        assertEquals(received, event.toJson(), "not re-serialised: spacing and 1e3 kept");
        assertEquals(received, CompactEvent.decode(ItemMapper.toItem(event, Duration.ofDays(1)).get(TableSchema.EVENT_COMPACT).b().asByteArray()),
                "the stored item holds the same bytes");
        assertEquals(received, ItemMapper.fromItem(ItemMapper.toItem(event, Duration.ofDays(1))).toJson(), "and reads back as them");

        event.put(ActionEvent.F_STATUS, 200);
        assertEquals(EventCodec.decode(event.toJson()).number(ActionEvent.F_STATUS), 200L, "a changed event is written anew");
        assertFalse(event.toJson().contains("1e3"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json at all|not a JSON event",
            "[1,2]|expected a JSON object",
            "{\"schema_version\":2}|unsupported schema_version 2",
            "{\"schema_version\":1}|missing required field event.id",
            "{\"schema_version\":1,\"event.id\":\"e\",\"user.id\":\"u\",\"http.request.method\":\"GET\",\"event.received_at\":\"yesterday\"}|is not an ISO-8601",
            "{\"schema_version\":1,\"event.id\":\"e\",\"user.id\":\"u\",\"http.request.method\":\"GET\",\"event.received_at\":\"2026-11-22T14:05:00Z\"|not a JSON event",
    })
    void rejectsWithAReasonThatNamesTheProblem(String body, String reason) {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> EventCodec.decode(body));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void anEventNestedTooDeepIsReadBoundedMarkedAndWrittenAnewWhileABoundedOneKeepsItsBytes() throws Exception {
        String deep = VALID.substring(0, VALID.length() - 1) + ",\"action.properties\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        ActionEvent event = EventCodec.decode(deep);
        assertEquals(java.util.List.of(ActionEvent.F_PROPERTIES), event.get(ActionEvent.F_TRUNCATED));
        String bounded = event.toJson();
        assertTrue(bounded.contains("[".repeat(Limits.MAX_JSON_DEPTH - 1) + "{\"_truncated_depth\":32}" + "]".repeat(Limits.MAX_JSON_DEPTH - 1)), bounded);
        assertEquals(bounded, EventCodec.decode(bounded).toJson(), "read again, the marker is kept, not cut again");
        assertEquals(event.fields(), ItemMapper.fromItem(ItemMapper.toItem(EventCodec.decode(deep), Duration.ofDays(1))).fields());
    }

    @Test
    void rejectsEmptyAndOversizeBodies() {
        assertThrows(InvalidEventException.class, () -> EventCodec.decode(""));
        assertThrows(InvalidEventException.class, () -> EventCodec.decode("{\"x\":\"" + "a".repeat(Limits.MAX_EVENT_JSON * 2) + "\"}"));
    }

    @Test
    void itemKeysAreDerivedFromTheEventSoWritesAreIdempotent() throws Exception {
        Map<String, AttributeValue> a = ItemMapper.toItem(EventCodec.decode(VALID), Duration.ofDays(90));
        Map<String, AttributeValue> b = ItemMapper.toItem(EventCodec.decode(VALID), Duration.ofDays(90));
        assertEquals(a, b);
        assertEquals("u#alice", a.get(TableSchema.PK).s());
        assertEquals("1795356300123#e1", a.get(TableSchema.SK).s());
        assertEquals("e1", a.get(TableSchema.EVENT_ID_KEY).s());
        assertEquals("s_1", a.get(TableSchema.SESSION).s());
        assertNull(a.get(TableSchema.SESSION_KEY), "not in the session index: found through its pointer");
        assertEquals("203.0.113.7", a.get(TableSchema.IP_KEY).s());
        assertEquals(Long.toString(1795356300L + 90 * 86400), a.get(TableSchema.TTL).n());
        assertEquals("200", a.get(TableSchema.STATUS).n());
        assertEquals(EventCodec.decode(VALID).fields(), ItemMapper.fromItem(a).fields());
    }

    @Test
    void sortKeysOrderByTime() {
        assertTrue(ItemMapper.sortKey(999, "z").compareTo(ItemMapper.sortKey(1000, "a")) < 0);
        assertTrue(ItemMapper.timeUpperBound(1000).compareTo(ItemMapper.sortKey(1000, "zzzz")) > 0);
        assertTrue(ItemMapper.timePrefix(1000).compareTo(ItemMapper.sortKey(1000, "a")) < 0);
    }
}
