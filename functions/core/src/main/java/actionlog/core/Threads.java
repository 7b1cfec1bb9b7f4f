package actionlog.core;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Thread pools of daemon threads, so no pool of ours ever keeps a JVM (or a Lambda runtime) from exiting. */
public final class Threads {
    private Threads() {}

    /** Reuses idle threads, creates more on demand, lets idle ones go after a minute. */
    public static ExecutorService cachedDaemonPool(String name) {
        return Executors.newCachedThreadPool(r -> daemon(r, name));
    }

    public static ExecutorService daemonPool(String name, int threads) {
        return Executors.newFixedThreadPool(threads, r -> daemon(r, name));
    }

    /** One daemon thread running scheduled tasks. */
    public static ScheduledExecutorService daemonScheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
