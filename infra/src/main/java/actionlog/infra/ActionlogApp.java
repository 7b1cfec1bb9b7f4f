package actionlog.infra;

import actionlog.core.StackContract;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/** `cdk synth|diff|deploy` entry point (see cdk.json). Environment-agnostic: synth needs no AWS account. */
public final class ActionlogApp {
    public static final String STACK_NAME = StackContract.STACK_NAME;

    private ActionlogApp() {}

    public static void main(String[] args) {
        App app = new App();
        try {
            createStack(app, StackConfig.from(key -> {
                Object value = app.getNode().tryGetContext(key);
                // the region the CDK CLI targets (profile, AWS_REGION), unless -c region=... names one
                if (value == null && "region".equals(key)) value = firstSet("CDK_DEFAULT_REGION", "AWS_REGION");
                return value;
            }));
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("actionlog: " + e.getMessage());
            System.exit(1);
        }
        app.synth();
    }

    private static String firstSet(String... names) {
        for (String name : names) {
            String value = System.getenv(name);
            if (value != null && !value.isBlank()) return value;
        }
        return null;
    }

    public static ActionlogStack createStack(App app, StackConfig config) {
        ActionlogStack stack = new ActionlogStack(app, STACK_NAME, StackProps.builder()
                .description("actionlog: records what each user of a web application did")
                .build(), config);
        // a relaxed default is allowed, never silent: `cdk synth` and `cdk deploy` print each one
        for (String relaxed : config.relaxations()) {
            Annotations.of(stack).addWarningV2("actionlog:relaxed:" + relaxed.substring(0, relaxed.indexOf('=')),
                    "setting relaxes a security default: " + relaxed);
        }
        return stack;
    }
}
