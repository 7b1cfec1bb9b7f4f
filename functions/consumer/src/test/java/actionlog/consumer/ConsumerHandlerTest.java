package actionlog.consumer;

import static org.junit.jupiter.api.Assertions.*;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsumerHandlerTest {
    @Test
    void aPayloadThatIsNoSqsEventIsRefusedWithItsReason() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> ConsumerHandler.records(new SQSEvent()));
        assertEquals("not an SQS event (no \"Records\"): the consumer is invoked by its queue's event source mapping; to "
                + "store events, send them to the queue (actionlog replay)", none.getMessage());
        SQSEvent anonymous = new SQSEvent();
        SQSEvent.SQSMessage ok = new SQSEvent.SQSMessage();
        ok.setMessageId("m-0");
        anonymous.setRecords(List.of(ok, new SQSEvent.SQSMessage()));
        IllegalArgumentException noId = assertThrows(IllegalArgumentException.class, () -> ConsumerHandler.records(anonymous));
        assertTrue(noId.getMessage().startsWith("not an SQS event (record 1 has no messageId): "), noId.getMessage());
        SQSEvent empty = new SQSEvent();
        empty.setRecords(List.of());
        assertEquals(List.of(), ConsumerHandler.records(empty));
    }
}
