package actionlog.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Regions where a Lambda feature the stack uses is missing. The one place these facts live; re-check them against
 * the sources below when AWS opens a region, and update {@link #CHECKED}.
 */
final class Regions {
    private Regions() {}

    /** When the lists below were last compared with their sources. */
    static final String CHECKED = "2026-11-23";

    /** Lambda Function URLs (the CloudFront origin) are not offered here. */
    static final String FUNCTION_URLS_SOURCE = "https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html";
    static final Set<String> WITHOUT_FUNCTION_URLS = Set.of(
            "ap-east-2", "ap-south-2", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
            "ca-west-1", "eu-central-2", "eu-south-2", "il-central-1", "me-central-1");

    /** Lambda SnapStart is not offered here. */
    static final String SNAPSTART_SOURCE = "https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html";
    static final Set<String> WITHOUT_SNAPSTART = Set.of("ap-east-2", "ap-southeast-6");

    /** Fails with every problem and its alternative when {@code region} lacks a feature the configuration needs. */
    static void check(String region, boolean cloudFront, boolean snapStart) {
        if (region == null) return;
        List<String> problems = new ArrayList<>();
        if (cloudFront && WITHOUT_FUNCTION_URLS.contains(region)) {
            problems.add("Lambda Function URLs, which CloudFront uses as its origin, are not available in " + region
                    + "; deploy without CloudFront (-c cloudFront=false: an HTTP API fronts the edge) or to another region");
        }
        if (snapStart && WITHOUT_SNAPSTART.contains(region)) {
            problems.add("Lambda SnapStart is not available in " + region + "; deploy with -c snapStart=false "
                    + "(slower cold starts) or to another region");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; and ", problems) + " (region table checked " + CHECKED
                    + " against " + FUNCTION_URLS_SOURCE + " and " + SNAPSTART_SOURCE + ")");
        }
    }
}
