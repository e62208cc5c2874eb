package com.oauthconfig.rig;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Generated request bodies for fuzzing write endpoints over HTTP (jqwik arbitraries, sampled): a valid
 * body with one member (or a nested or unknown one) replaced by a hostile JSON value — wrong types,
 * huge strings, deep nesting, unicode tricks, injection strings — or a body that is not an object or
 * not JSON at all.
 */
public final class HostileBodies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> INJECTIONS = List.of(
            "' OR '1'='1", "\"; DROP TABLE oauth_config; --", "\"; DROP TABLE solution_credential; --", "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/a}",
            "{{7*7}}", "#{7*7}", "../../../../etc/passwd", "%00", "\r\nX-Injected: 1", "javascript:alert(1)",
            "http://169.254.169.254/latest/meta-data/", "file:///etc/passwd", "$where: '1 == 1'", "\\\\server\\share",
            "https://evil.example/#@good.example", "admin'--", "*)(uid=*))(|(uid=*", "%s%s%s%n", "\u0000");
    private static final List<String> UNICODE = List.of(
            "\u202Eevil\u202C", "zero\u200Bwidth", "\uFEFFbom", "ｅｘａｍｐｌｅ", "e\u0301\u0301\u0301", "😀🔥", "\u0085next",
            "\u2028line", "İstanbul", "ß", "\uD800\uDC00", "Ω≈ç√", "\u00A0nbsp", "\t\n\r");
    /** Escapes the encoder would never produce: a lone surrogate and an escaped NUL. */
    private static final List<String> RAW_STRINGS = List.of("\"\\ud800\"", "\"\\udfff x\"", "\"a\\u0000b\"", "\"\\u202e\"");

    private HostileBodies() {
    }

    /** Bodies derived from {@code valid}; {@code members} names the members to replace (dots for nesting). */
    public static Arbitrary<String> from(Map<String, Object> valid, List<String> members) {
        Arbitrary<String> replaced = Combinators.combine(Arbitraries.of(members).injectDuplicates(0.1)
                        .edgeCases(e -> e.add("unknownMember")), hostileValue())
                .as((member, value) -> replace(valid, member, value));
        Arbitrary<String> notAnObject = hostileValue();
        Arbitrary<String> notJson = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(200),
                Arbitraries.of("{", "{\"name\":", "{'name':'x'}", "{\"a\":1,}", "nul", "{\"name\":\"x\"}}", "\u0000", "", "[1,2",
                        "{\"name\":\"x\" \"title\":\"y\"}", "<xml/>"));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, replaced),
                net.jqwik.api.Tuple.of(1, notAnObject),
                net.jqwik.api.Tuple.of(1, notJson));
    }

    /** JSON text of a value that no member of a well-formed request should hold (or a tricky one it might). */
    public static Arbitrary<String> hostileValue() {
        Arbitrary<String> wrongTypes = Arbitraries.oneOf(
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.of("true", "false", "null", "[]", "{}", "1e400", "-0", "0.0000001", "9223372036854775808",
                        "[null]", "[1,\"a\",{}]", "{\"x\":[1]}", "\"\""));
        Arbitrary<String> huge = Arbitraries.integers().between(1_000, 80_000)
                .map(n -> quote("x".repeat(n)));
        Arbitrary<String> deep = Arbitraries.integers().between(50, 3_000).map(n -> Arbitraries.of(true, false).sample()
                ? "[".repeat(n) + "]".repeat(n)
                : "{\"a\":".repeat(n) + "1" + "}".repeat(n));
        Arbitrary<String> tricks = Arbitraries.oneOf(Arbitraries.of(UNICODE).map(HostileBodies::quote),
                Arbitraries.of(RAW_STRINGS));
        Arbitrary<String> injections = Arbitraries.of(INJECTIONS).map(HostileBodies::quote);
        Arbitrary<String> anyText = Arbitraries.strings().all().ofMaxLength(300).map(HostileBodies::quote);
        Arbitrary<String> arraysOfHostile = Arbitraries.of(INJECTIONS).list().ofMaxSize(30)
                .map(l -> l.stream().map(HostileBodies::quote).collect(Collectors.joining(",", "[", "]")));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, wrongTypes),
                net.jqwik.api.Tuple.of(1, huge),
                net.jqwik.api.Tuple.of(1, deep),
                net.jqwik.api.Tuple.of(2, tricks),
                net.jqwik.api.Tuple.of(2, injections),
                net.jqwik.api.Tuple.of(2, anyText),
                net.jqwik.api.Tuple.of(1, arraysOfHostile));
    }

    private static String replace(Map<String, Object> valid, String member, String rawJson) {
        ObjectNode body = JSON.valueToTree(valid);
        ObjectNode parent = body;
        String[] path = member.split("\\.");
        for (int i = 0; i < path.length - 1; i++) {
            parent = parent.has(path[i]) && parent.get(path[i]).isObject() ? (ObjectNode) parent.get(path[i]) : parent.putObject(path[i]);
        }
        parent.putRawValue(path[path.length - 1], new RawValue(rawJson));
        try {
            return JSON.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
