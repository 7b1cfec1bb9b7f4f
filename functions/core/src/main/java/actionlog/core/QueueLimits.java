package actionlog.core;

/** The events queue's rules, shared by the CDK app, the local runtime and every sender. */
public final class QueueLimits {
    private QueueLimits() {}

    /** Receives before SQS moves a message to the dead-letter queue. */
    public static final int MAX_RECEIVE_COUNT = 5;

    /** SendMessageBatch limits: entries per call, and bytes of all bodies together (256 KiB, as every SQS emulator enforces). */
    public static final int BATCH_ENTRIES = 10;
    public static final int BATCH_BYTES = 256 * 1024;
}
