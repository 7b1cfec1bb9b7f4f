package actionlog.core;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class CompactEventTest {
    /** The benchmarks' typical event (CaptureBenchmark.typical(), a POST with 20 headers, answered 201), as captured. */
    static final String TYPICAL = "{\"schema_version\":1,\"event.id\":\"b3XzN8pW3xk7Gv9Q0a1bC2dE3fG4hI5jK6lM7nO8pQ9rS0tU1vW2xY==\",\"event.kin"
            + "d\":\"http\",\"event.received_at\":\"2026-11-22T14:05:00.123Z\",\"user.id\":\"alice\",\"user.id_source\":\"header\""
            + ",\"session.id\":\"s_be0ef9ff3c1f688375d4\",\"session.source\":\"listed\",\"client.address\":\"130.176.0.1\",\"htt"
            + "p.request.method\":\"POST\",\"url.scheme\":\"https\",\"server.address\":\"shop.example.com\",\"url.path\":\"/api/o"
            + "rders\",\"url.query\":\"page=2&token=[REDACTED]&utm_source=mail\",\"user_agent.original\":\"Mozilla/5.0 (Mac"
            + "intosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15\","
            + "\"http.request.body.size\":187,\"http.request.content_type\":\"application/json\",\"edge.request_id\":\"b3XzN"
            + "8pW3xk7Gv9Q0a1bC2dE3fG4hI5jK6lM7nO8pQ9rS0tU1vW2xY==\",\"actionlog.mode\":\"proxy\",\"actionlog.request_kin"
            + "d\":\"api\",\"http.request.header.host\":\"shop.example.com\",\"http.request.header.user-agent\":\"Mozilla/5.0"
            + " (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1"
            + ".15\",\"http.request.header.accept\":\"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\","
            + "\"http.request.header.accept-language\":\"fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7\",\"http.request.header.acc"
            + "ept-encoding\":\"gzip, deflate, br\",\"http.request.header.content-type\":\"application/json\",\"http.reques"
            + "t.header.content-length\":\"187\",\"http.request.header.origin\":\"https://shop.example.com\",\"http.request"
            + ".header.referer\":\"https://shop.example.com/products/1234?ref=home\",\"http.request.header.cookie\":\"ses"
            + "sion=[REDACTED]; theme=[REDACTED]; _ga=[REDACTED]\",\"http.request.header.authorization\":\"Bearer [REDA"
            + "CTED]\",\"http.request.header.x-user-id\":\"alice\",\"http.request.header.x-forwarded-for\":\"203.0.113.7\",\""
            + "http.request.header.x-forwarded-proto\":\"https\",\"http.request.header.x-amz-cf-id\":\"b3XzN8pW3xk7Gv9Q0a"
            + "1bC2dE3fG4hI5jK6lM7nO8pQ9rS0tU1vW2xY==\",\"http.request.header.x-actionlog-viewer-address\":\"[REDACTED]"
            + "\",\"http.request.header.x-actionlog-viewer-country\":\"FR\",\"http.request.header.sec-fetch-mode\":\"cors\","
            + "\"http.request.header.sec-fetch-site\":\"same-origin\",\"http.request.header.sec-ch-ua-platform\":\"\\\"macOS"
            + "\\\"\",\"http.response.status_code\":201,\"actionlog.latency_ms\":42}";

    @Test
    void shouldGiveBackTheJsonByteForByte_whenDecodingWhatItEncoded() throws Exception {
        byte[] stored = CompactEvent.encode(TYPICAL);
        assertEquals(CompactEvent.VERSION_1, stored[0]);
        assertEquals(TYPICAL, CompactEvent.decode(stored));
        String odd = "{\"schema_version\":1,\"x\":\"\u00e9\u20ac\ud83d\ude00 \\u0000\"}";
        assertEquals(odd, CompactEvent.decode(CompactEvent.encode(odd)));
        assertTrue(stored.length < 450, stored.length + " bytes for " + TYPICAL.getBytes(StandardCharsets.UTF_8).length + " (407 when measured)");
    }

    @Test
    void shouldCostFourWriteUnits_whenTheTypicalEventIsStored() throws Exception {
        ActionEvent event = EventCodec.decode(TYPICAL);
        Map<String, AttributeValue> item = ItemMapper.toItem(event, Duration.ofDays(90));
        assertEquals(1, WriteUnits.units(item), WriteUnits.itemBytes(item) + " bytes");
        assertEquals(4, WriteUnits.withIndexes(item), "the table, byEventId, byClientIp, byPathTime: 1 each");
        assertNull(WriteUnits.indexEntry(item, TableSchema.INDEXES.get(0)), "no session index entry");
        assertEquals(1, WriteUnits.units(ItemMapper.sessionPointer(event, Duration.ofDays(90))));
        // what the same event cost before: 3 units on the table and 1 on each of the 4 indexes
        Map<String, AttributeValue> legacy = ItemMapper.toLegacyItem(event, Duration.ofDays(90));
        assertEquals(3, WriteUnits.units(legacy), WriteUnits.itemBytes(legacy) + " bytes");
        assertEquals(7, WriteUnits.withIndexes(legacy));
    }

    @Test
    void shouldReadBothFormats_whenAnOlderConsumerWroteTheItem() throws Exception {
        ActionEvent event = EventCodec.decode(TYPICAL);
        assertEquals(TYPICAL, ItemMapper.fromItem(ItemMapper.toLegacyItem(event, Duration.ofDays(1))).toJson());
        assertEquals(TYPICAL, ItemMapper.fromItem(ItemMapper.toItem(event, Duration.ofDays(1))).toJson());
        InvalidEventException none = assertThrows(InvalidEventException.class,
                () -> ItemMapper.fromItem(Map.of(TableSchema.PK, AttributeValue.fromS("u#x"))));
        assertEquals("item has neither ev nor event attribute", none.getMessage());
    }

    @Test
    void shouldRefuseTheBlob_whenItsVersionIsUnknownOrItIsCorrupt() {
        byte[] stored = CompactEvent.encode(TYPICAL);
        byte[] future = stored.clone();
        future[0] = 2;
        assertEquals("the compact event has format version 2; this version reads 1 (upgrade the tools to read items a newer consumer wrote)",
                assertThrows(InvalidEventException.class, () -> CompactEvent.decode(future)).getMessage());
        byte[] cut = java.util.Arrays.copyOf(stored, stored.length / 2);
        assertEquals("the compact event is cut short", assertThrows(InvalidEventException.class, () -> CompactEvent.decode(cut)).getMessage());
        byte[] bomb = CompactEvent.encode("a".repeat(Limits.MAX_EVENT_JSON * 3));
        assertEquals("the compact event inflates beyond " + Limits.MAX_EVENT_JSON * 2 + " bytes",
                assertThrows(InvalidEventException.class, () -> CompactEvent.decode(bomb)).getMessage());
        assertThrows(InvalidEventException.class, () -> CompactEvent.decode(new byte[] {1}));
        Map<String, AttributeValue> item = Map.of(TableSchema.EVENT_COMPACT, AttributeValue.fromB(SdkBytes.fromByteArray(future)));
        assertThrows(InvalidEventException.class, () -> ItemMapper.fromItem(item));
    }

    @Test
    void shouldCountSizesAsDynamoDbDoes_whenAttributesAreOfEachType() {
        assertEquals(3 + 5, WriteUnits.itemBytes(Map.of("abc", AttributeValue.fromS("hello"))));
        assertEquals(1 + 3 + 1, WriteUnits.itemBytes(Map.of("n", AttributeValue.fromN("12345"))), "3 bytes for 5 digits, plus 1");
        assertEquals(1 + 1 + 1, WriteUnits.itemBytes(Map.of("n", AttributeValue.fromN("-100.00"))), "zeroes trimmed: 1 digit");
        assertEquals(1 + 4, WriteUnits.itemBytes(Map.of("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[4])))));
        assertEquals(1024, WriteUnits.itemBytes(Map.of("s", AttributeValue.fromS("x".repeat(1023)))));
        assertEquals(1, WriteUnits.units(Map.of("s", AttributeValue.fromS("x".repeat(1023)))));
        assertEquals(2, WriteUnits.units(Map.of("s", AttributeValue.fromS("x".repeat(1024)))));
    }
}
