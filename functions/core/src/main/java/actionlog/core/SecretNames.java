package actionlog.core;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The name rules of {@link Redactor}: which header, parameter or property names hold secrets, which name
 * identifiers (whose random-looking values stay), and which hold contact details. A name is read as its words:
 * split at punctuation and at camel case ({@code __RequestVerificationToken} → request, verification, token;
 * {@code X-Pin} → x, pin), so short secret words match whole words only ({@code pin} but not {@code shipping}).
 */
final class SecretNames {
    private SecretNames() {}

    /** A name containing one of these (case-insensitive) is a secret's name. */
    static final List<String> SECRET_WORDS = List.of(
            "token", "secret", "passw", "passphrase", "key", "auth", "sig", "session", "csrf", "xsrf", "otp", "credential",
            "bearer", "jwt", "verifier", "hmac", "cvv", "cvc");
    /** A name with one of these as a whole word is a secret's name (too short to match inside other words). */
    static final Set<String> SECRET_NAME_WORDS = Set.of(
            "pin", "pw", "pwd", "pass", "mfa", "2fa", "sid", "mac", "ssn", "csc", "cvn", "cvd", "ticket");
    /** {@code code} is a secret's name next to one of these words ({@code verification_code}, {@code backupCode}). */
    static final Set<String> CODE_QUALIFIERS = Set.of(
            "verification", "verify", "confirmation", "confirm", "recovery", "backup", "security", "reset", "otp", "mfa",
            "2fa", "sms", "login", "access", "activation", "invite", "invitation", "onetime", "one", "challenge", "device",
            "pairing", "card");
    /** Names that contain a secret word but carry nothing secret; matched exactly (lower case). */
    static final Set<String> ALLOWED_NAMES = Set.of(
            "author", "authors", "author_id", "authority", ":authority", "keyword", "keywords", "keyboard",
            "design", "signal", "signup", "sign_up", "signin", "sign_in", "signout", "sign_out", "assign", "assignee",
            "token_type", "www-authenticate", "monkey", "hockey", "turkey");
    /** A name whose last word is one of these names an identifier: its random-looking value stays. */
    static final Set<String> ID_WORDS = Set.of("id", "ids", "uuid", "guid");
    /** A name with one of these words names a trace, a request or a content hash: its value stays too. */
    static final Set<String> ID_NAME_WORDS = Set.of(
            "traceparent", "trace", "span", "correlation", "request", "etag", "checksum", "digest", "sha", "sha1",
            "sha256", "md5", "hash", "commit", "revision", "rev", "version", "fingerprint", "match", "integrity");
    /** Names of contact details, masked with {@code maskContactDetails}. */
    static final Set<String> CONTACT_WORDS = Set.of(
            "email", "mail", "phone", "tel", "telephone", "mobile", "msisdn", "cellphone", "fax");

    /** Whether a header or parameter name is a secret's by the built-in rules (configured lists come on top). */
    static boolean isSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (ALLOWED_NAMES.contains(lower)) return false;
        for (String word : SECRET_WORDS) {
            if (lower.contains(word)) return true;
        }
        boolean code = false;
        boolean qualified = false;
        for (String word : words(name)) {
            if (SECRET_NAME_WORDS.contains(word)) return true;
            if (word.equals("code")) code = true;
            else if (CODE_QUALIFIERS.contains(word)) qualified = true;
        }
        return code && qualified;
    }

    /** Whether the name says its value is an identifier, a trace or a hash ({@code order_id}, {@code traceparent}). */
    static boolean isId(String name) {
        String[] words = words(name);
        if (words.length == 0) return false;
        if (ID_WORDS.contains(words[words.length - 1])) return true;
        for (String word : words) {
            if (ID_NAME_WORDS.contains(word)) return true;
        }
        return false;
    }

    static boolean isContact(String name) {
        for (String word : words(name)) {
            if (CONTACT_WORDS.contains(word)) return true;
        }
        return false;
    }

    /** The lower-case words of a name: split at anything but letters and digits, and where lower case meets upper. */
    static String[] words(String name) {
        String[] out = new String[8];
        int count = 0;
        int start = -1;
        for (int i = 0; i <= name.length(); i++) {
            char c = i < name.length() ? name.charAt(i) : ' ';
            boolean alnum = Character.isLetterOrDigit(c);
            boolean split = !alnum
                    || (start >= 0 && Character.isUpperCase(c) && Character.isLowerCase(name.charAt(i - 1)))
                    || (start >= 0 && Character.isUpperCase(c) && i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1))
                            && Character.isUpperCase(name.charAt(i - 1)));
            if (split && start >= 0) {
                if (count == out.length) out = java.util.Arrays.copyOf(out, count * 2);
                out[count++] = name.substring(start, i).toLowerCase(Locale.ROOT);
                start = -1;
            }
            if (alnum && start < 0) start = i;
        }
        return java.util.Arrays.copyOf(out, count);
    }
}
