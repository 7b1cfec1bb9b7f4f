package actionlog.cli;

import static org.junit.jupiter.api.Assertions.*;

import actionlog.core.SettingCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `actionlog config`: each deployment setting's value and where it came from, relaxed defaults marked. */
class ConfigCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldNameCdkJsonContextOrDefault_whenPrintingEachSetting() throws Exception {
        Path cdkJson = Files.writeString(dir.resolve("cdk.json"),
                "{\"context\":{\"identityHeader\":\"X-User-Id\",\"retentionDays\":30,\"@aws-cdk/core:checkSecretUsage\":true}}");
        CliRun run = CliRun.of("config", "--cdk-json", cdkJson.toString(), "-c", "retentionDays=60");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("identityHeader +X-User-Id  \\[cdk\\.json\\]  ! relaxes a security default: "
                + "trusts a request header any viewer can send as the user")), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("retentionDays +60  \\[-c\\]")), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("cloudFront +true  \\[default\\]")), run.out());
        assertEquals(SettingCatalog.ALL.size(), run.out().lines().count(), run.out());
    }

    @Test
    void shouldRefuseWithTheKeyAndTheFix_whenAValueOrKeyIsWrong() {
        CliRun bad = CliRun.of("config", "--cdk-json", dir.resolve("absent.json").toString(), "-c", "retentionDays=0");
        assertEquals(Main.USAGE_ERROR, bad.code());
        assertTrue(bad.err().startsWith("actionlog: context key 'retentionDays'='0' must be a whole number from 1 to 3650; "
                + "fix: -c retentionDays=90\n"), bad.err());
        CliRun typo = CliRun.of("config", "--cdk-json", dir.resolve("absent.json").toString(), "-c", "retentionDay=30");
        assertEquals(Main.USAGE_ERROR, typo.code());
        assertTrue(typo.err().startsWith("actionlog: -c retentionDay: no such setting; `actionlog config` lists them all\n"), typo.err());
    }
}
