package com.oauthconfig.common.signin;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A configuration's login hint: a template such as {@code {email}} or {@code {username}@contoso.com}
 * that the token-service fills from the signing-in user's platform token when a sign-in starts, and
 * that the config-service checks when a configuration is saved. One rule for both sides.
 *
 * <p>Placeholders: {@code {email}} (claim {@code email}), {@code {username}} (claim
 * {@code preferred_username}, only the part before an {@code @}; else the part of {@code email}
 * before its {@code @}), {@code {upn}} (claim {@code upn}). Any other text is sent as written.
 */
public final class LoginHintTemplate {

    /** The placeholders a template may use. */
    public static final java.util.List<String> PLACEHOLDERS = java.util.List.of("email", "username", "upn");
    public static final int MAX_LENGTH = 256;

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

    private LoginHintTemplate() {
    }

    /** Why {@code template} cannot be saved, or empty when it can. */
    public static Optional<String> problem(String template) {
        if (template == null) {
            return Optional.empty();
        }
        if (template.isBlank() || template.length() > MAX_LENGTH || template.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("must be 1-" + MAX_LENGTH + " printable characters");
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder rest = new StringBuilder();
        int last = 0;
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                return Optional.of("uses unknown placeholder {" + m.group(1) + "}; allowed: {" + String.join("}, {", PLACEHOLDERS) + "}");
            }
            rest.append(template, last, m.start());
            last = m.end();
        }
        rest.append(template.substring(last));
        if (rest.indexOf("{") >= 0 || rest.indexOf("}") >= 0) {
            return Optional.of("has an unbalanced '{' or '}'; placeholders are {" + String.join("}, {", PLACEHOLDERS) + "}");
        }
        return Optional.empty();
    }

    /**
     * The template filled from the user's claims ({@code claim name → value}); empty when a
     * placeholder's claim is missing or blank, so a half-filled hint is never sent.
     */
    public static Optional<String> fill(String template, Function<String, String> claims) {
        if (template == null || problem(template).isPresent()) {
            return Optional.empty();
        }
        Map<String, String> values = new java.util.HashMap<>();
        values.put("email", blankToNull(claims.apply("email")));
        values.put("upn", blankToNull(claims.apply("upn")));
        String username = localPart(blankToNull(claims.apply("preferred_username")));
        values.put("username", username != null ? username : localPart(values.get("email")));
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null || value.chars().anyMatch(Character::isISOControl)) {
                return Optional.empty();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.length() > MAX_LENGTH ? Optional.empty() : Optional.of(out.toString());
    }

    private static String localPart(String value) {
        if (value == null) {
            return null;
        }
        int at = value.indexOf('@');
        return at < 0 ? value : at == 0 ? null : value.substring(0, at);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
