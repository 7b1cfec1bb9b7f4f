package actionlog.core;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void shouldWriteTheSameText_whenFieldNamesArePreEscapedOrNot() {
        String known = new String("x.known \"name\"\u0001"); // a fresh instance, then made known
        Json.knownFieldName(known);
        String equalButOther = new String(known);
        Map<String, Object> viaKnown = new LinkedHashMap<>();
        viaKnown.put(ActionEvent.F_ID, "a");
        viaKnown.put(known, "b");
        Map<String, Object> viaOther = new LinkedHashMap<>();
        viaOther.put(new String(ActionEvent.F_ID), "a");
        viaOther.put(equalButOther, "b");
        String expected = "{\"event.id\":\"a\",\"x.known \\\"name\\\"\\u0001\":\"b\"}";
        assertEquals(expected, Json.write(viaKnown));
        assertEquals(expected, Json.write(viaOther));
        assertEquals(viaKnown, Json.readObject(expected));
    }

    @Test
    void shouldWriteEachObjectsOwnNames_whenOneAfterAnotherDiffersInOrderNamesOrLength() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put(ActionEvent.F_ID, "a");
        event.put(ActionEvent.F_USER, "u");
        Map<String, Object> swapped = new LinkedHashMap<>();
        swapped.put(ActionEvent.F_USER, "u");
        swapped.put(ActionEvent.F_ID, "a");
        Map<String, Object> other = new LinkedHashMap<>();
        other.put(ActionEvent.F_ID, "a");
        other.put("un\"known", null); // left out: the next name takes its position
        other.put("x\u0001", 1);
        Map<String, Object> longer = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) longer.put("f" + i, i);
        assertEquals("{\"event.id\":\"a\",\"user.id\":\"u\"}", Json.write(event));
        assertEquals("{\"user.id\":\"u\",\"event.id\":\"a\"}", Json.write(swapped));
        assertEquals("{\"event.id\":\"a\",\"x\\u0001\":1}", Json.write(other));
        assertEquals(longer, Json.readObject(Json.write(longer)));
        assertEquals("{\"event.id\":\"a\",\"user.id\":\"u\"}", Json.write(event), "the first again");
        assertEquals("{\"a\":{\"event.id\":1,\"user.id\":2}}", Json.write(Map.of("a", nested())), "nested objects");
    }

    private static Map<String, Object> nested() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(ActionEvent.F_ID, 1);
        map.put(ActionEvent.F_USER, 2);
        return map;
    }

    @Test
    void shouldWriteMapsListsAndScalarsAsJacksonJrDid_leavingNullMapValuesOut() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("s", "a\"b\\c\u0001");
        map.put("i", 1);
        map.put("l", 12345678901L);
        map.put("d", 1.5);
        map.put("b", true);
        map.put("gone", null);
        map.put("list", Arrays.asList(1, null, "x"));
        map.put("array", new Object[] {"y"});
        map.put("big", new BigDecimal("1.10"));
        map.put("nested", Map.of("k", List.of()));
        assertEquals("{\"s\":\"a\\\"b\\\\c\\u0001\",\"i\":1,\"l\":12345678901,\"d\":1.5,\"b\":true,\"list\":[1,null,\"x\"],"
                + "\"array\":[\"y\"],\"big\":1.10,\"nested\":{\"k\":[]}}", Json.write(map));
    }

    @Test
    void shouldReadNumbersAsTheSmallestIntegerTypeOrDouble_andTheLastOfDuplicateKeys() {
        Map<String, Object> read = Json.readObject("{\"i\":1,\"l\":12345678901,\"g\":123456789012345678901234,\"d\":1e3,\"k\":1,\"k\":2,\"n\":null}");
        assertEquals(1, read.get("i"));
        assertEquals(12345678901L, read.get("l"));
        assertEquals(new BigInteger("123456789012345678901234"), read.get("g"));
        assertEquals(1000.0, read.get("d"));
        assertEquals(2, read.get("k"));
        assertTrue(read.containsKey("n"));
        read.put("mutable", true);
    }

    @Test
    void shouldCutWhatIsNestedDeeperThanTheBound_withoutOverflowingTheStack() {
        Json.Read read = Json.read("[".repeat(100_000) + "]".repeat(100_000));
        assertEquals(1, read.cut());
        Object value = read.value();
        int depth = 1;
        while (value instanceof List<?> list) {
            value = list.get(0);
            depth++;
        }
        assertEquals(Limits.MAX_JSON_DEPTH + 1, depth);
        assertEquals(Json.depthMarker(), value);
        assertEquals(0, Json.read(Json.write(Json.read("[".repeat(40) + "]".repeat(40)).value())).cut(), "a marker read again is kept");
    }

    @Test
    void shouldRefuseInvalidTextNamingTheProblem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Json.readObject("[1]")).getMessage().contains("expected a JSON object, got an array"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Json.readObject("{\"a\":")).getMessage().startsWith("invalid JSON"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Json.read("[" + "{\"a\":[".repeat(50))).getMessage().startsWith("invalid JSON"));
    }
}
