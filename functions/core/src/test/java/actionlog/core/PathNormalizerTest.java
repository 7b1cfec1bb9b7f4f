package actionlog.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PathNormalizerTest {
    private final PathNormalizer merging = new PathNormalizer(true);
    private final PathNormalizer keeping = new PathNormalizer(false);

    @Test
    void shouldResolveEverySpellingToOnePath_whenTheApplicationWouldServeTheSameResource() {
        for (String spelling : new String[] {"/products/1", "/products/%31", "/products/./1", "/x/../products/1",
                "//products/1", "http://host/products/1", "HTTPS://host:8443/products/1?x=1", "/products/%2e/1",
                "/x/%2E%2E/products/1", "/products//1", "/products/1/."}) {
            String expected = spelling.endsWith("/.") ? "/products/1/" : "/products/1";
            assertEquals(expected, merging.normalize(spelling), spelling);
        }
    }

    @Test
    void shouldKeepReservedEscapesUpperCased_whenTheyAreNotUnreserved() {
        assertEquals("/a%2Fb/%C3%A9/c~d", merging.normalize("/a%2fb/%c3%a9/c%7Ed"));
        assertEquals("/100%", merging.normalize("/100%"));
        assertEquals("/a%zz", merging.normalize("/a%zz"));
    }

    @Test
    void shouldKeepRepeatedSlashes_whenMergingIsOff() {
        assertEquals("//products/1", keeping.normalize("//products/1"));
        assertEquals("/a//c", keeping.normalize("/a//b/../c"));
        assertEquals("/a/c", merging.normalize("/a//b/../c"));
    }

    @Test
    void shouldNeverClimbAboveTheRoot_whenDotSegmentsOutnumberSegments() {
        assertEquals("/", merging.normalize("/../.."));
        assertEquals("/etc", merging.normalize("/a/../../etc"));
        assertEquals("/", merging.normalize("http://host"));
        assertEquals("/", merging.normalize("http://host?q=1"));
        assertEquals("/a", merging.normalize("a"));
    }

    @Test
    void shouldReturnTheSameInstance_whenThePathIsAlreadyNormal() {
        String path = "/orders/4711";
        assertSame(path, merging.normalize(path));
        assertNull(merging.normalize(null));
        assertEquals("/a:b/c", merging.normalize("/a:b/c"), "a colon in a path is no scheme");
    }

    @Test
    void shouldReadTheSetting_whenTheEnvironmentSetsIt() {
        assertFalse(PathNormalizer.fromEnvironment(new Settings(Map.of(SettingCatalog.MERGE_SLASHES.env(), "false"))).mergeSlashes());
        assertTrue(PathNormalizer.fromEnvironment(new Settings(Map.of())).mergeSlashes());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PathNormalizer.fromEnvironment(new Settings(Map.of(SettingCatalog.MERGE_SLASHES.env(), "maybe"))));
        assertEquals("ACTIONLOG_MERGE_SLASHES='maybe' must be true or false; fix: ACTIONLOG_MERGE_SLASHES=true", e.getMessage());
    }
}
