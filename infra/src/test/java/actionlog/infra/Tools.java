package actionlog.infra;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Third-party programs some tests run (node, cfn-lint); those tests skip with a reason where they are absent. */
final class Tools {
    private Tools() {}

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }

    /** The region the tests synthesize for: the one the CDK CLI would target here, else us-east-1. */
    static String deployRegion() {
        for (String name : new String[] {"CDK_DEFAULT_REGION", "AWS_REGION", "AWS_DEFAULT_REGION"}) {
            String value = System.getenv(name);
            if (value != null && !value.isBlank()) return value.trim();
        }
        return "us-east-1";
    }
}
