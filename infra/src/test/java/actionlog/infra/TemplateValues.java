package actionlog.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.assertions.Template;

/**
 * A synthesized template as a deployment would see it, for policy evaluation: pseudo parameters and the intrinsic
 * functions CDK writes (Ref, Fn::GetAtt, Fn::Join) resolved to the names and ARNs the resources would get in one
 * account and region. Physical names are the logical ids, which is what makes ARNs comparable across resources.
 */
final class TemplateValues {
    static final String ACCOUNT = "123456789012";
    static final String REGION = "eu-west-3";
    static final String STACK_ID = "arn:aws:cloudformation:" + REGION + ":" + ACCOUNT + ":stack/" + ActionlogApp.STACK_NAME
            + "/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";

    final Map<String, Map<String, Object>> resources;

    @SuppressWarnings("unchecked")
    TemplateValues(Template template) {
        this.resources = (Map<String, Map<String, Object>>) template.toJSON().get("Resources");
    }

    /** The logical ids of the resources of {@code type}, in template order. */
    List<String> ids(String type) {
        return resources.entrySet().stream().filter(e -> type.equals(e.getValue().get("Type"))).map(Map.Entry::getKey).toList();
    }

    Map<?, ?> properties(String id) {
        return (Map<?, ?>) resources.get(id).get("Properties");
    }

    /** {@code value} with every intrinsic function resolved. */
    Object resolve(Object value) {
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) out.add(resolve(item));
            return out;
        }
        if (!(value instanceof Map<?, ?> map)) return value;
        if (map.size() == 1 && map.containsKey("Ref")) return ref((String) map.get("Ref"));
        if (map.size() == 1 && map.containsKey("Fn::GetAtt")) {
            List<?> args = (List<?>) map.get("Fn::GetAtt");
            return getAtt((String) args.get(0), (String) args.get(1));
        }
        if (map.size() == 1 && map.containsKey("Fn::Join")) {
            List<?> args = (List<?>) map.get("Fn::Join");
            List<String> parts = new ArrayList<>();
            for (Object part : (List<?>) resolve(args.get(1))) parts.add(part.toString());
            return String.join((String) args.get(0), parts);
        }
        for (Object key : map.keySet()) {
            if (key.toString().startsWith("Fn::")) throw new UnsupportedOperationException(key + ": teach TemplateValues to resolve it");
        }
        Map<Object, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, resolve(v)));
        return out;
    }

    String ref(String name) {
        return switch (name) {
            case "AWS::AccountId" -> ACCOUNT;
            case "AWS::Region" -> REGION;
            case "AWS::Partition" -> "aws";
            case "AWS::URLSuffix" -> "amazonaws.com";
            case "AWS::StackName" -> ActionlogApp.STACK_NAME;
            case "AWS::StackId" -> STACK_ID;
            default -> {
                Map<String, Object> resource = resources.get(name);
                if (resource == null) throw new IllegalArgumentException("no resource or pseudo parameter " + name);
                yield switch ((String) resource.get("Type")) {
                    case "AWS::SNS::Topic" -> "arn:aws:sns:" + REGION + ":" + ACCOUNT + ":" + name;
                    case "AWS::SQS::Queue" -> "https://sqs." + REGION + ".amazonaws.com/" + ACCOUNT + "/" + name;
                    case "AWS::IAM::ManagedPolicy" -> "arn:aws:iam::" + ACCOUNT + ":policy/" + name;
                    default -> name; // tables, log groups, functions, secrets...: the physical name
                };
            }
        };
    }

    String getAtt(String id, String attribute) {
        Map<String, Object> resource = resources.get(id);
        if (resource == null) throw new IllegalArgumentException("no resource " + id);
        String type = (String) resource.get("Type");
        if (!"Arn".equals(attribute)) throw new UnsupportedOperationException(type + "." + attribute);
        return switch (type) {
            case "AWS::CloudWatch::Alarm" -> "arn:aws:cloudwatch:" + REGION + ":" + ACCOUNT + ":alarm:" + id;
            case "AWS::KMS::Key" -> "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + id;
            case "AWS::DynamoDB::Table" -> "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + id;
            case "AWS::SQS::Queue" -> "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + id;
            case "AWS::Logs::LogGroup" -> "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:" + id + ":*";
            case "AWS::Lambda::Function" -> "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + id;
            default -> throw new UnsupportedOperationException(type + ".Arn: teach TemplateValues its ARN");
        };
    }
}
