package com.oauthconfig.config.service;

import com.oauthconfig.common.problem.ProblemException;
import com.oauthconfig.config.repository.ProviderType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Properties of the rules over open-ended input: they answer 400 or accept, never anything else, never echo a secret. */
class OAuthConfigRulesPropertiesTest {

    private final OAuthConfigRules rules = new OAuthConfigRules(false, host -> List.of());

    @Property(tries = 300)
    void anyTextInAnyFieldIsEitherAcceptedOrA400(@ForAll @StringLength(max = 300) String text, @ForAll("fields") int field) {
        ConfigDraft d = OAuthConfigRulesTest.valid();
        ConfigDraft changed = switch (field) {
            case 0 -> new ConfigDraft(text, d.title(), d.type(), d.imageUrl(), d.loginHint(), d.domains(), d.redirectUrls(), d.clientId(), d.issuer(), d.endpoints(), null, null, d.scopes(), null, null, null, null);
            case 1 -> new ConfigDraft(d.name(), text, d.type(), d.imageUrl(), d.loginHint(), d.domains(), d.redirectUrls(), d.clientId(), d.issuer(), d.endpoints(), null, null, d.scopes(), null, null, null, null);
            case 2 -> new ConfigDraft(d.name(), d.title(), d.type(), text, d.loginHint(), d.domains(), d.redirectUrls(), d.clientId(), d.issuer(), d.endpoints(), null, null, d.scopes(), null, null, null, null);
            case 3 -> new ConfigDraft(d.name(), d.title(), d.type(), d.imageUrl(), d.loginHint(), List.of(text), d.redirectUrls(), d.clientId(), d.issuer(), d.endpoints(), null, null, d.scopes(), null, null, null, null);
            case 4 -> new ConfigDraft(d.name(), d.title(), d.type(), d.imageUrl(), d.loginHint(), d.domains(), List.of(text), d.clientId(), d.issuer(), d.endpoints(), null, null, d.scopes(), null, null, null, null);
            case 5 -> new ConfigDraft(d.name(), d.title(), d.type(), d.imageUrl(), d.loginHint(), d.domains(), d.redirectUrls(), d.clientId(), text, d.endpoints(), null, null, d.scopes(), null, null, null, null);
            case 6 -> new ConfigDraft(d.name(), d.title(), d.type(), d.imageUrl(), d.loginHint(), d.domains(), d.redirectUrls(), d.clientId(), d.issuer(), d.endpoints(), null, null, List.of(text), null, null, null, null);
            case 7 -> new ConfigDraft(d.name(), d.title(), d.type(), d.imageUrl(), d.loginHint(), d.domains(), d.redirectUrls(), d.clientId(), d.issuer(), d.endpoints(), null, null, d.scopes(), null, List.of(text), null, null);
            default -> new ConfigDraft(d.name(), d.title(), ProviderType.GRAPH, d.imageUrl(), d.loginHint(), d.domains(), d.redirectUrls(), d.clientId(), d.issuer(), d.endpoints(), null, null, d.scopes(), null, null, null, text);
        };
        try {
            rules.validate(changed, Set.of("acme.com"), SecretChange.KEEP);
        } catch (ProblemException e) {
            assertEquals(400, e.type().status());
            assertFalse(e.errors().isEmpty());
        }
    }

    @Provide
    Arbitrary<Integer> fields() {
        return Arbitraries.integers().between(0, 8);
    }

    @Property(tries = 200)
    void aRejectedSecretIsNeverEchoed(@ForAll @StringLength(min = 1025, max = 1100) String secret) {
        try {
            rules.validate(OAuthConfigRulesTest.valid(), Set.of("acme.com"), SecretChange.set(secret));
        } catch (ProblemException e) {
            assertFalse(e.getMessage().contains(secret));
            e.errors().forEach(err -> assertFalse(err.rule().contains(secret)));
            return;
        }
        throw new AssertionError("a secret over 1024 characters was accepted");
    }

    @Property(tries = 300)
    void generatedIdentifiersAreValidTitles(@ForAll("titles") String title) {
        ConfigDraft d = OAuthConfigRulesTest.valid();
        ConfigDraft changed = new ConfigDraft(d.name(), title, d.type(), null, null, List.of(), d.redirectUrls(), null,
                null, new ConfigDraft.Endpoints("https://1.1.1.1/a", "https://1.1.1.1/t", null, "https://1.1.1.1/j", null, null),
                null, null, d.scopes(), null, null, null, null);
        assertEquals(title, rules.validate(changed, Set.of(), SecretChange.KEEP).title());
    }

    @Provide
    Arbitrary<String> titles() {
        Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').ofLength(1)
                .flatMap(first -> Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('_', '-')
                        .ofMaxLength(10).map(rest -> first + rest));
        return label.list().ofMinSize(1).ofMaxSize(5).map(parts -> String.join(".", parts)).filter(t -> t.length() <= 128);
    }

    @Property(tries = 300)
    void subdomainWildcardMatchesEverySubdomainButNeverTheApexOrASuffixLookalike(@ForAll("labels") String sub,
                                                                                @ForAll("labels") String base) {
        String domain = base + ".com";
        assertTrue(DomainPatterns.match("*." + domain, sub + "." + domain).isPresent());
        assertFalse(DomainPatterns.match("*." + domain, domain).isPresent());
        assertFalse(DomainPatterns.match("*." + domain, sub + domain).isPresent());
    }

    @Provide
    Arbitrary<String> labels() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12);
    }
}
