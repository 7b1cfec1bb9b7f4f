package actionlog.infra;

/** What the CDK tests share about the machine they run on. */
final class Tools {
    private Tools() {}

    /** The region the tests synthesize for: the one the CDK CLI would target here, else us-east-1. */
    static String deployRegion() {
        for (String name : new String[] {"CDK_DEFAULT_REGION", "AWS_REGION", "AWS_DEFAULT_REGION"}) {
            String value = System.getenv(name);
            if (value != null && !value.isBlank()) return value.trim();
        }
        return "us-east-1";
    }
}
