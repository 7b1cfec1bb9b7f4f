package actionlog.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * IAM policy evaluation as AWS documents it, for the statements of one policy document of a synthesized template
 * (intrinsic functions already resolved, see {@link TemplateValues}): an explicit Deny beats any Allow, an Allow is
 * needed, and everything else is an implicit deny. A statement matches when its principal, action, resource and every
 * condition match the request. Whatever it does not model (NotAction, NotPrincipal, NotResource, a condition operator
 * it does not know, a multi-valued key) fails loudly, so a future policy cannot pass these tests by being misread.
 */
final class PolicyEvaluator {
    enum Decision { ALLOW, IMPLICIT_DENY, EXPLICIT_DENY }

    /**
     * One request. {@code service} is the calling service principal (e.g. cloudwatch.amazonaws.com) for a resource
     * policy, or null for an identity policy (whose statements name no principal); {@code context} holds the condition
     * keys the caller sends (e.g. aws:SourceArn), single-valued.
     */
    record Request(String service, String action, String resource, Map<String, String> context) {}

    /** The condition operators it evaluates (each also with IfExists). */
    private static final List<String> OPERATORS = List.of("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
            "StringLike", "StringNotLike", "ArnEquals", "ArnNotEquals", "ArnLike", "ArnNotLike", "Bool");

    private PolicyEvaluator() {}

    static Decision evaluate(List<?> statements, Request request) {
        boolean allowed = false;
        for (Object s : statements) {
            Map<?, ?> statement = (Map<?, ?>) s;
            for (String unsupported : List.of("NotAction", "NotPrincipal", "NotResource")) {
                if (statement.containsKey(unsupported)) throw new UnsupportedOperationException(unsupported + " in " + statement);
            }
            if (!matches(statement, request)) continue;
            String effect = (String) statement.get("Effect");
            if ("Deny".equals(effect)) return Decision.EXPLICIT_DENY;
            if (!"Allow".equals(effect)) throw new IllegalArgumentException("Effect " + effect + " in " + statement);
            allowed = true;
        }
        return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
    }

    private static boolean matches(Map<?, ?> statement, Request request) {
        return principal(statement.get("Principal"), request)
                && any(statement.get("Action"), a -> wildcard(a, true).matcher(request.action()).matches())
                && any(statement.get("Resource"), r -> wildcard(r, false).matcher(request.resource()).matches())
                && conditions((Map<?, ?>) statement.get("Condition"), request.context());
    }

    private static boolean principal(Object principal, Request request) {
        if (request.service() == null) {
            if (principal != null) throw new IllegalArgumentException("an identity policy names no principal: " + principal);
            return true;
        }
        if (principal == null) throw new IllegalArgumentException("a resource policy statement without a principal");
        if ("*".equals(principal)) return true;
        Map<?, ?> map = (Map<?, ?>) principal;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!List.of("Service", "AWS").contains(entry.getKey())) {
                throw new UnsupportedOperationException("principal type " + entry.getKey());
            }
        }
        return any(map.get("AWS"), "*"::equals) || any(map.get("Service"), request.service()::equals);
    }

    /** Every operator of the block must hold, and within one every key (AND); a key holds for any of its values (OR). */
    private static boolean conditions(Map<?, ?> block, Map<String, String> context) {
        if (block == null) return true;
        for (Map.Entry<?, ?> operatorEntry : block.entrySet()) {
            String operator = (String) operatorEntry.getKey();
            boolean ifExists = operator.endsWith("IfExists");
            String base = ifExists ? operator.substring(0, operator.length() - "IfExists".length()) : operator;
            if (!OPERATORS.contains(base)) {
                throw new UnsupportedOperationException("condition operator " + operator
                        + ": teach PolicyEvaluator its semantics before relying on it");
            }
            for (Map.Entry<?, ?> keyEntry : ((Map<?, ?>) operatorEntry.getValue()).entrySet()) {
                String value = contextValue(context, (String) keyEntry.getKey());
                List<String> expected = strings(keyEntry.getValue());
                boolean holds;
                if (value == null) {
                    holds = ifExists || base.contains("Not"); // a negated operator holds for an absent key
                } else {
                    holds = switch (base) {
                        case "StringEquals", "ArnEquals" -> expected.stream().anyMatch(e -> exact(e, value, base));
                        case "StringNotEquals", "ArnNotEquals" -> expected.stream().noneMatch(e -> exact(e, value, base));
                        case "StringEqualsIgnoreCase" -> expected.stream().anyMatch(value::equalsIgnoreCase);
                        case "StringLike", "ArnLike" -> expected.stream().anyMatch(e -> wildcard(e, false).matcher(value).matches());
                        case "StringNotLike", "ArnNotLike" -> expected.stream().noneMatch(e -> wildcard(e, false).matcher(value).matches());
                        case "Bool" -> expected.stream().anyMatch(value::equalsIgnoreCase);
                        default -> throw new IllegalStateException(base);
                    };
                }
                if (!holds) return false;
            }
        }
        return true;
    }

    /** ArnEquals matches wildcards within an ARN as ArnLike does; StringEquals compares exactly. */
    private static boolean exact(String expected, String value, String operator) {
        return operator.startsWith("Arn") ? wildcard(expected, false).matcher(value).matches() : expected.equals(value);
    }

    /** Condition keys are case-insensitive. */
    private static String contextValue(Map<String, String> context, String key) {
        for (Map.Entry<String, String> entry : context.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(key)) return entry.getValue();
        }
        return null;
    }

    private static boolean any(Object value, java.util.function.Predicate<String> test) {
        return value != null && strings(value).stream().anyMatch(test);
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object item : list) out.add(requireString(item));
        } else {
            out.add(requireString(value));
        }
        return out;
    }

    private static String requireString(Object value) {
        if (value instanceof String s) return s;
        if (value instanceof Boolean b) return b.toString();
        throw new IllegalArgumentException("unresolved policy value " + value + ": resolve the template first");
    }

    /** IAM's wildcards: {@code *} any run of characters, {@code ?} one; actions compare case-insensitively. */
    static Pattern wildcard(String glob, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*') regex.append(".*");
            else if (c == '?') regex.append('.');
            else regex.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    }
}
