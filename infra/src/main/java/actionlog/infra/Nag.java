package actionlog.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.constructs.IConstruct;

/** Accepts one cdk-nag finding on one construct (and its children), always with the reason. */
final class Nag {
    private Nag() {}

    static void accept(IConstruct construct, String rule, String reason) {
        NagSuppressions.addResourceSuppressions(construct,
                List.of(NagPackSuppression.builder().id(rule).reason(reason).build()), true);
    }

    static final String RUNTIME_REASON = "java21 is the runtime the functions are built, tested and primed for "
            + "(SnapStart with CRaC hooks); moving to a newer Java runtime is a deliberate, tested change";
}
