package actionlog.ui;

import actionlog.testkit.OnPath;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through its chromium-driver; both found on the PATH. Test classes that use it
 * carry {@code @EnabledIfOnPath(value = {CHROMIUM, CHROMEDRIVER}, install = INSTALL)}.
 */
final class HeadlessChromium {
    static final String CHROMIUM = "chromium";
    static final String CHROMEDRIVER = "chromedriver";
    static final String INSTALL = "apt-get install chromium chromium-driver";

    private HeadlessChromium() {}

    /**
     * A fresh browser with its own profile and the given capabilities; {@code environment} is the
     * driver's and the browser's (e.g. {@code TZ}, the browser's time zone).
     */
    static ChromeDriver start(int width, int height, Map<String, Object> capabilities, Map<String, String> environment)
            throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(OnPath.find(CHROMIUM).orElseThrow().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=" + width + "," + height, "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        capabilities.forEach(options::setCapability);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(OnPath.find(CHROMEDRIVER).orElseThrow().toFile())
                .withEnvironment(environment).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
