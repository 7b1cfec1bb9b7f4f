package actionlog.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    private static CaptureConfig config(String... env) {
        Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i < env.length; i += 2) map.put(env[i], env[i + 1]);
        return CaptureConfig.fromEnvironment(new Settings(map));
    }

    @Test
    void viewerAddressWrittenByTheCloudFrontFunctionWhenTrusted() {
        CaptureConfig trusted = config(Env.TRUST_CLOUDFRONT_HEADERS, "true");
        assertEquals("203.0.113.7", ClientAddress.resolve(Requests.get("/")
                .header(EdgeProtocol.VIEWER_ADDRESS_HEADER, "203.0.113.7").build(), trusted));
        // event.viewer.ip carries no port: an IPv6 address is kept whole
        assertEquals("2001:db8::1", ClientAddress.resolve(Requests.get("/")
                .header(EdgeProtocol.VIEWER_ADDRESS_HEADER, "2001:db8::1").build(), trusted));
        // CloudFront's own header is not relied on (it may not arrive, and then a client could send it)
        assertEquals("198.51.100.20", ClientAddress.resolve(Requests.get("/")
                .header("CloudFront-Viewer-Address", "203.0.113.9:1").build(), trusted));
    }

    @Test
    void viewerHeadersAreIgnoredWhenNotTrusted() {
        ViewerRequest spoofed = Requests.get("/").header(EdgeProtocol.VIEWER_ADDRESS_HEADER, "203.0.113.7")
                .header("X-Forwarded-For", "203.0.113.8").build();
        assertEquals("198.51.100.20", ClientAddress.resolve(spoofed, CaptureConfig.defaults()));
    }

    @Test
    void forwardedForHonoursTrustedHopsOnly() {
        ViewerRequest r = Requests.get("/").header("X-Forwarded-For", "6.6.6.6, 203.0.113.7, 10.0.0.1").build();
        assertEquals("10.0.0.1", ClientAddress.resolve(r, config(SettingCatalog.TRUSTED_PROXY_HOPS.env(), "1")));
        assertEquals("203.0.113.7", ClientAddress.resolve(r, config(SettingCatalog.TRUSTED_PROXY_HOPS.env(), "2")));
        assertEquals("6.6.6.6", ClientAddress.resolve(r, config(SettingCatalog.TRUSTED_PROXY_HOPS.env(), "9")));
        ViewerRequest garbage = Requests.get("/").header("X-Forwarded-For", "<script>").build();
        assertEquals("198.51.100.20", ClientAddress.resolve(garbage, config(SettingCatalog.TRUSTED_PROXY_HOPS.env(), "1")));
    }

    @Test
    void anonymizeKeepsTheNetworkOnly() {
        assertEquals("203.0.113.0", ClientAddress.anonymize("203.0.113.77"));
        assertEquals("2001:db8:abcd:0:0:0:0:0", ClientAddress.anonymize("2001:db8:abcd:12::99"));
        assertEquals("not-an-ip", ClientAddress.anonymize("not-an-ip"));
    }

    @Test
    void literalCheckNeverAcceptsHostNames() {
        assertFalse(ClientAddress.isIpLiteral("example.com"));
        assertFalse(ClientAddress.isIpLiteral("1.2.3"));
        assertFalse(ClientAddress.isIpLiteral("256.1.1.1"));
        assertTrue(ClientAddress.isIpLiteral("::1"));
    }

    @Test
    void privacySignals() {
        assertTrue(ClientAddress.privacySignal(Requests.get("/").header("DNT", "1").build()));
        assertTrue(ClientAddress.privacySignal(Requests.get("/").header("Sec-GPC", "1").build()));
        assertFalse(ClientAddress.privacySignal(Requests.get("/").header("DNT", "0").build()));
    }
}
