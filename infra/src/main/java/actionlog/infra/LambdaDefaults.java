package actionlog.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/** What both functions share: an explicit log group with retention, and a role that may only write to it. */
final class LambdaDefaults {
    private LambdaDefaults() {}

    record Basics(Role role, LogGroup logGroup) {}

    /** A log group kept 30 days and deleted with the stack. */
    static Basics basics(Construct scope, String description) {
        return basics(scope, description, 30, RemovalPolicy.DESTROY);
    }

    /**
     * @param retentionDays one of the periods CloudWatch Logs accepts ({@link StackConfig#LOG_RETENTION_DAYS})
     * @param removal       what a stack deletion does to the log group
     */
    static Basics basics(Construct scope, String description, int retentionDays, RemovalPolicy removal) {
        LogGroup logs = LogGroup.Builder.create(scope, "Logs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(removal)
                .build();
        // any accepted period, without a table from days to the CDK's enum names
        ((CfnLogGroup) logs.getNode().getDefaultChild()).setRetentionInDays(retentionDays);
        Role role = Role.Builder.create(scope, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(description)
                .build();
        logs.grantWrite(role);
        return new Basics(role, logs);
    }
}
