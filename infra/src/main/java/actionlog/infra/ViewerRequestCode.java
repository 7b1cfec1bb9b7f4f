package actionlog.infra;

import actionlog.core.EdgeProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The CloudFront viewer-request function's JavaScript (resource {@code viewer-request.js}), with the header names
 * filled in from {@link EdgeProtocol}: what the CDK app deploys and what the test suite runs with Node.
 */
public final class ViewerRequestCode {
    static final String RESOURCE = "viewer-request.js";

    private ViewerRequestCode() {}

    public static String source() {
        String template;
        try (InputStream in = ViewerRequestCode.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the CDK app's classpath; rebuild infra");
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String code = template
                .replace("__VIEWER_ADDRESS_HEADER__", EdgeProtocol.VIEWER_ADDRESS_HEADER)
                .replace("__VIEWER_COUNTRY_HEADER__", EdgeProtocol.VIEWER_COUNTRY_HEADER);
        if (code.matches("(?s).*'__[A-Z_]+__'.*")) throw new IllegalStateException(RESOURCE + " has an unfilled placeholder");
        return code;
    }
}
