package actionlog.core;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Thread pools of daemon threads, so no pool of ours ever keeps a JVM (or a Lambda runtime) from exiting. */
public final class Threads {
    private Threads() {}

    /** Reuses idle threads, creates more on demand, lets idle ones go after a minute. */
    public static ExecutorService cachedDaemonPool(String name) {
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    public static ExecutorService daemonPool(String name, int threads) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }
}
