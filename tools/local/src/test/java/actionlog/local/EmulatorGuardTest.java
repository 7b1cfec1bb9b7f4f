package actionlog.local;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the emulators let through: what an AWS SDK sends, and nothing a web page can. */
class EmulatorGuardTest {
    static final String SIGNED = "AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=00";

    @Test
    void shouldLetThrough_whenTheRequestIsWhatAnSdkSends() {
        assertNull(EmulatorGuard.refusal("SQS", SIGNED, null, "127.0.0.1:9324", 9324));
        assertNull(EmulatorGuard.refusal("SQS", SIGNED, null, "localhost:9324", 9324));
        assertNull(EmulatorGuard.refusal("SQS", SIGNED, null, "[::1]:9324", 9324));
        assertNull(EmulatorGuard.refusal("SQS", SIGNED, null, "127.0.0.1:40000", 9324), "through a local forwarder");
    }

    @Test
    void shouldRefuseWithTheCause_whenAWebPageCouldHaveSentIt() {
        String origin = EmulatorGuard.refusal("SQS", SIGNED, "http://evil.example", "127.0.0.1:9324", 9324);
        assertTrue(origin.startsWith("Forbidden: the local SQS emulator answers AWS SDKs and CLIs only") && origin.contains("Origin"), origin);
        String unsigned = EmulatorGuard.refusal("SQS", null, null, "127.0.0.1:9324", 9324);
        assertTrue(unsigned.contains("AWS4-HMAC-SHA256"), unsigned);
        String basic = EmulatorGuard.refusal("SQS", "Basic dTpw", null, "127.0.0.1:9324", 9324);
        assertTrue(basic.contains("AWS4-HMAC-SHA256"), basic);
        String rebound = EmulatorGuard.refusal("SQS", SIGNED, null, "127.0.0.1.evil.example:9324", 9324);
        assertTrue(rebound.contains("not as Host \"127.0.0.1.evil.example:9324\""), rebound);
        String noHost = EmulatorGuard.refusal("SQS", SIGNED, null, null, 9324);
        assertTrue(noHost.contains("point the client's endpoint at http://127.0.0.1:9324"), noHost);
    }
}
