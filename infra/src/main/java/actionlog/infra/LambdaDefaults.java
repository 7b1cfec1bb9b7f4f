package actionlog.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/** What both functions share: an explicit log group with retention, and a role that may only write to it. */
final class LambdaDefaults {
    private LambdaDefaults() {}

    record Basics(Role role, LogGroup logGroup) {}

    static Basics basics(Construct scope, String description) {
        LogGroup logs = LogGroup.Builder.create(scope, "Logs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Role role = Role.Builder.create(scope, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(description)
                .build();
        logs.grantWrite(role);
        return new Basics(role, logs);
    }
}
