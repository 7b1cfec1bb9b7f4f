package actionlog.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/** The function jars the stack deploys, built by Maven (`mvn package`) under functions/. */
final class Artifacts {
    private Artifacts() {}

    static String jar(String module) {
        Path root = root();
        Path jar = root.resolve("functions").resolve(module).resolve("target/lambda/function.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build the functions first: mvn -DskipTests package");
        }
        return jar.toString();
    }

    /** The repository root: the nearest directory up from here that has functions/ and cdk.json. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("functions")) && Files.isRegularFile(p.resolve("cdk.json"))) return p;
        }
        throw new IllegalStateException("run the CDK app from the actionlog repository (no cdk.json above " + dir + ")");
    }
}
