package actionlog.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BatchRetryTest {
    final List<Long> sleeps = new ArrayList<>();
    final AtomicLong remaining = new AtomicLong(60_000);

    BatchRetry.Policy policy(int attempts) {
        return new BatchRetry.Policy(attempts, 50, 2_000, remaining::get, 1_000, ms -> {
            sleeps.add(ms);
            remaining.addAndGet(-ms);
        }, new Random(7));
    }

    /** Each call processes one of the pending items: n items take n calls. */
    static List<Integer> processOne(List<Integer> pending) {
        return pending.subList(1, pending.size());
    }

    @Test
    void shouldCallUntilNothingIsPending_whenEachCallProcessesSome() {
        BatchRetry.Result<List<Integer>> result = BatchRetry.run(List.of(1, 2, 3, 4), BatchRetryTest::processOne, List::isEmpty, policy(10));
        assertEquals(BatchRetry.Outcome.DONE, result.outcome());
        assertEquals(4, result.attempts());
        assertEquals(3, sleeps.size(), "no pause before the first call");
        for (int i = 0; i < sleeps.size(); i++) {
            assertTrue(sleeps.get(i) >= 0 && sleeps.get(i) <= 50L << i, "pause " + i + " is full jitter under its cap: " + sleeps.get(i));
        }
    }

    @Test
    void shouldNotCallAtAll_whenNothingIsPending() {
        BatchRetry.Result<List<Integer>> result = BatchRetry.run(List.of(), p -> fail("no call expected"), List::isEmpty, policy(10));
        assertEquals(BatchRetry.Outcome.DONE, result.outcome());
        assertEquals(0, result.attempts());
    }

    @Test
    void shouldReturnWhatIsLeft_whenTheAttemptsRunOut() {
        BatchRetry.Result<List<Integer>> result = BatchRetry.run(List.of(1, 2, 3, 4, 5), BatchRetryTest::processOne, List::isEmpty, policy(3));
        assertEquals(BatchRetry.Outcome.ATTEMPTS_EXHAUSTED, result.outcome());
        assertEquals(List.of(4, 5), result.pending());
        assertEquals(3, result.attempts());
    }

    @Test
    void shouldStopBeforeTheDeadlineReserve_whenTimeRunsOut() {
        remaining.set(1_000); // exactly the reserve: no pause may start
        BatchRetry.Result<List<Integer>> result = BatchRetry.run(List.of(1, 2), BatchRetryTest::processOne, List::isEmpty, policy(10));
        assertEquals(BatchRetry.Outcome.OUT_OF_TIME, result.outcome());
        assertEquals(List.of(2), result.pending());
        assertEquals(List.of(), sleeps);
    }

    @Test
    void shouldCapEveryPause_whenManyAttemptsAreMade() {
        remaining.set(Long.MAX_VALUE / 2);
        BatchRetry.run(new ArrayList<>(java.util.Collections.nCopies(40, 0)), BatchRetryTest::processOne, List::isEmpty, policy(100));
        assertEquals(39, sleeps.size());
        assertTrue(sleeps.stream().allMatch(s -> s <= 2_000), sleeps.toString());
    }
}
