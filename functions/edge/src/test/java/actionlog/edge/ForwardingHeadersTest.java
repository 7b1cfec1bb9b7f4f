package actionlog.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import actionlog.core.CaptureConfig;
import actionlog.core.SettingCatalog;
import actionlog.core.Settings;
import actionlog.core.ViewerRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForwardingHeadersTest {
    private static ViewerRequest request(String xff, String peer) {
        return new ViewerRequest("id", 0, "GET", "https", "shop.example.com", "/", "",
                xff == null ? Map.of() : Map.of("x-forwarded-for", List.of(xff), "x-forwarded-host", List.of("evil.example"),
                        "forwarded", List.of("for=6.6.6.6")), peer, 0);
    }

    private static CaptureConfig hops(int n) {
        return CaptureConfig.fromEnvironment(new Settings(Map.of(SettingCatalog.TRUSTED_PROXY_HOPS.env(), Integer.toString(n))));
    }

    @Test
    void theClientAddressAppearsOnceWhenTheTransportAlreadyAppendedIt() {
        // the local adapter and a Function URL append the peer themselves
        Map<String, String> out = ForwardingHeaders.of(request("127.0.0.1", "127.0.0.1"), hops(0));
        assertEquals("127.0.0.1", out.get("x-forwarded-for"));
        assertEquals("shop.example.com", out.get("x-forwarded-host"));
        assertEquals("https", out.get("x-forwarded-proto"));
        assertEquals("for=127.0.0.1;host=shop.example.com;proto=https", out.get("forwarded"));
    }

    @Test
    void whatAClientWroteIsDroppedUnlessAProxyInFrontIsTrusted() {
        assertEquals("10.0.0.9", ForwardingHeaders.of(request("6.6.6.6, 203.0.113.7", "10.0.0.9"), hops(0)).get("x-forwarded-for"));
        Map<String, String> trusted = ForwardingHeaders.of(request("6.6.6.6, 203.0.113.7", "10.0.0.9"), hops(1));
        assertEquals("203.0.113.7, 10.0.0.9", trusted.get("x-forwarded-for"));
        assertEquals("for=203.0.113.7, for=10.0.0.9;host=shop.example.com;proto=https", trusted.get("forwarded"));
    }

    @Test
    void ipv6NodesAndHostsWithPortsAreQuoted() {
        ViewerRequest r = new ViewerRequest("id", 0, "GET", "http", "127.0.0.1:18080", "/", "", Map.of(), "::1", 0);
        assertEquals("for=\"[::1]\";host=\"127.0.0.1:18080\";proto=http", ForwardingHeaders.of(r, hops(0)).get("forwarded"));
    }
}
