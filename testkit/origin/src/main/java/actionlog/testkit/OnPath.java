package actionlog.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Third-party programs the tests run (nginx, Chromium, moto's server, cfn-lint, Node.js), found the way a shell
 * finds them: the first executable of that name in the directories of the PATH. Also the condition behind
 * {@link EnabledIfOnPath}.
 */
public final class OnPath implements ExecutionCondition {
    /** The program's executable on the PATH, if any. */
    public static Optional<Path> find(String program) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<EnabledIfOnPath> required = AnnotationSupport.findAnnotation(context.getElement(), EnabledIfOnPath.class);
        if (required.isEmpty()) return ConditionEvaluationResult.enabled("no program required here");
        List<String> missing = List.of(required.get().value()).stream().filter(p -> find(p).isEmpty()).toList();
        return missing.isEmpty() ? ConditionEvaluationResult.enabled(String.join(", ", required.get().value()) + " on the PATH")
                : ConditionEvaluationResult.disabled(String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are")
                        + " not on the PATH (" + required.get().install() + ")");
    }
}
