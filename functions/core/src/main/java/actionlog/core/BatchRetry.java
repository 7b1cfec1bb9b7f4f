package actionlog.core;

import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * The one way a DynamoDB batch call (BatchWriteItem, BatchGetItem) is repeated with what it left unprocessed:
 * exponential backoff with full jitter (AWS's recommendation for throttled batch calls), bounded by a number of
 * attempts and by the time left (a Lambda invocation keeps {@link Policy#reserveMs} back to answer).
 */
public final class BatchRetry {
    private BatchRetry() {}

    /** Pauses between attempts; a seam so tests need not wait. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long ms) throws InterruptedException;
    }

    /**
     * @param maxAttempts calls made at most (the first included)
     * @param baseMs      the first backoff's upper bound; doubled each attempt up to {@code maxMs}
     * @param remainingMs time left to the caller's deadline
     * @param reserveMs   time kept back at the deadline: no pause may end inside it
     */
    public record Policy(int maxAttempts, long baseMs, long maxMs, LongSupplier remainingMs, long reserveMs,
                         Sleeper sleeper, RandomGenerator random) {
        /** For commands run by people: 11 attempts, backoff 50 ms doubling to 2 s, no deadline. */
        public static Policy interactive() {
            return new Policy(11, 50, 2_000, () -> Long.MAX_VALUE, 0, Thread::sleep, java.util.concurrent.ThreadLocalRandom.current());
        }
    }

    /** Why the last attempt was the last. */
    public enum Outcome { DONE, ATTEMPTS_EXHAUSTED, OUT_OF_TIME, INTERRUPTED }

    /** What is still pending after the last attempt (empty when {@link Outcome#DONE}). */
    public record Result<T>(T pending, Outcome outcome, int attempts) {
        public boolean done() {
            return outcome == Outcome.DONE;
        }
    }

    /**
     * Calls {@code call} with {@code first}, then with what each call returns as unprocessed, until {@code done}
     * holds or the policy's attempts or time run out. Exceptions of {@code call} propagate.
     */
    public static <T> Result<T> run(T first, UnaryOperator<T> call, Predicate<T> done, Policy policy) {
        T pending = first;
        int attempts = 0;
        while (!done.test(pending)) {
            if (attempts >= policy.maxAttempts()) return new Result<>(pending, Outcome.ATTEMPTS_EXHAUSTED, attempts);
            if (attempts > 0) {
                long backoff = policy.random().nextLong(Math.min(policy.maxMs(), policy.baseMs() << Math.min(attempts - 1, 20)) + 1);
                if (policy.remainingMs().getAsLong() - backoff < policy.reserveMs()) {
                    return new Result<>(pending, Outcome.OUT_OF_TIME, attempts);
                }
                try {
                    policy.sleeper().sleep(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Result<>(pending, Outcome.INTERRUPTED, attempts);
                }
            }
            pending = call.apply(pending);
            attempts++;
        }
        return new Result<>(pending, Outcome.DONE, attempts);
    }
}
