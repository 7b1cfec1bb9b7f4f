package actionlog.infra;

import actionlog.core.StackContract;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/** `cdk synth|diff|deploy` entry point (see cdk.json). Environment-agnostic: synth needs no AWS account. */
public final class ActionlogApp {
    public static final String STACK_NAME = StackContract.STACK_NAME;

    private ActionlogApp() {}

    public static void main(String[] args) {
        App app = new App();
        try {
            createStack(app, StackConfig.from(app.getNode()::tryGetContext));
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("actionlog: " + e.getMessage());
            System.exit(1);
        }
        app.synth();
    }

    public static ActionlogStack createStack(App app, StackConfig config) {
        return new ActionlogStack(app, STACK_NAME, StackProps.builder()
                .description("actionlog: records what each user of a web application did")
                .build(), config);
    }
}
