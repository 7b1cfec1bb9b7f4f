package actionlog.infra;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.testkit.EnabledIfOnPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * cfn-lint (AWS's CloudFormation linter) on the synthesized templates of the default, full proxy and
 * no-CloudFront variants, for the deploy region: any error fails, warnings are listed.
 */
@EnabledIfOnPath(value = "cfn-lint", install = "pip install cfn-lint")
class CfnLintIT {
    static final int ERROR = 2;
    static final int WARNING = 4;

    static Map<String, Object> variant(String name) {
        Map<String, Object> context = new LinkedHashMap<>();
        switch (name) {
            case "default" -> { }
            case "proxy" -> {
                context.put("origin", "https://app.example.com");
                context.put("bypassPaths", "/static/*,/*.js");
                context.put("alarmEmail", "sre@example.com");
                context.put("webAclArn", "arn:aws:wafv2:us-east-1:123456789012:global/webacl/actionlog/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111");
                context.put("corsOrigins", "https://shop.example.com");
            }
            case "no-cloudfront" -> context.put("cloudFront", "false");
            default -> throw new IllegalArgumentException(name);
        }
        context.put("region", Tools.deployRegion());
        return context;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"default", "proxy", "no-cloudfront"})
    void noErrors(String name) throws Exception {
        App app = new App();
        Map<String, Object> context = variant(name);
        ActionlogApp.createStack(app, StackConfig.from(context::get));
        CloudAssembly assembly = app.synth();
        Path template = Files.createDirectories(Path.of("target", "cfn-lint")).resolve(name + ".template.json");
        Files.copy(Path.of(assembly.getStackByName(ActionlogApp.STACK_NAME).getTemplateFullPath()), template,
                StandardCopyOption.REPLACE_EXISTING);

        Process lint = new ProcessBuilder("cfn-lint", "--regions", Tools.deployRegion(), "--format", "parseable", "--", template.toString())
                .redirectErrorStream(true).start();
        String out = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(lint.waitFor(5, TimeUnit.MINUTES), "cfn-lint did not finish");
        int code = lint.exitValue();
        if ((code & WARNING) != 0) System.out.println("cfn-lint warnings on the " + name + " template:\n" + out);
        // bit 1 means cfn-lint itself failed, bit 2 that the template has errors
        assertEquals(0, code & (ERROR | 1), "cfn-lint on " + template + " (exit " + code + "):\n" + out);
    }
}
