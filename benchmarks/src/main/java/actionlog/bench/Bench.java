package actionlog.bench;

/** Runs a benchmark program and exits explicitly: the embedded ElasticMQ leaves a non-daemon thread behind. */
final class Bench {
    interface Body {
        void run() throws Exception;
    }

    private Bench() {}

    static void main(Body body) {
        try {
            body.run();
        } catch (Throwable failure) {
            failure.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }
}
