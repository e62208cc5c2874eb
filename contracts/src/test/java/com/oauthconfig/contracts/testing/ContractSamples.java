package com.oauthconfig.contracts.testing;

import com.oauthconfig.contracts.alias.AliasReferencePage;
import com.oauthconfig.contracts.alias.AliasResolution;
import com.oauthconfig.contracts.alias.AliasStatus;
import com.oauthconfig.contracts.alias.CredentialAliasEvent;
import com.oauthconfig.contracts.alias.RequiredCredentials;
import com.oauthconfig.contracts.token.DirectUses;
import com.oauthconfig.contracts.config.ConfigExistenceAnswer;
import com.oauthconfig.contracts.config.ConfigExistenceQuestion;
import com.oauthconfig.contracts.config.SsoAdmissionAnswer;
import com.oauthconfig.contracts.config.SsoAdmissionQuestion;
import com.oauthconfig.contracts.config.Endpoints;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.oauthconfig.contracts.config.OAuthConfigChangedEvent;
import com.oauthconfig.contracts.config.OAuthConfigChangedEvent.ChangeType;
import com.oauthconfig.contracts.config.ProviderType;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Valid instances of every contract, for tests and fakes to start from (change a copy with the record's constructor). */
public final class ContractSamples {

    private ContractSamples() {
    }

    /** A complete OKTA configuration of {@code orgId} as the internal read returns it, secret included. */
    public static InternalOAuthConfig internalConfig(String orgId, UUID id) {
        String s = id.toString().substring(0, 8);
        return new InternalOAuthConfig(id, orgId, 1, "okta-" + s, "okta.c" + s, ProviderType.OKTA, "client-" + s,
                "fake-secret-" + s, "https://example.okta.com",
                new Endpoints("https://example.okta.com/authorize", "https://example.okta.com/token", null, null, null, null),
                true, true, List.of("openid"), List.of("https://app.example.com/callback"), null, List.of(), null, null, false, false,
                "https://example.com/okta.png");
    }

    public static OAuthConfigChangedEvent configEvent(String orgId, UUID configId, long version, ChangeType type) {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        return new OAuthConfigChangedEvent(UUID.randomUUID(), orgId, configId, version, type,
                type == ChangeType.UPDATED ? List.of("name") : List.of(),
                new OAuthConfigChangedEvent.Config(configId, orgId, version, "Okta", "okta.login", ProviderType.OKTA,
                        null, null, List.of(), List.of("https://app.example.com/callback"), "client", true,
                        "https://example.okta.com", Endpoints.NONE, true, true, List.of("openid"), false, false, List.of(),
                        null, null, "admin", at, "admin", at));
    }

    public static CredentialAliasEvent aliasEvent() {
        return new CredentialAliasEvent(UUID.randomUUID(), "org-1", "sol-1", UUID.randomUUID(), "crm", UUID.randomUUID(),
                AliasStatus.BROKEN, "OAuth configuration was removed (version 2)", Instant.parse("2026-01-01T00:00:00Z"));
    }

    public static AliasReferencePage references() {
        return new AliasReferencePage(List.of(new AliasReferencePage.Reference("sol-1", UUID.randomUUID(), "crm", AliasStatus.OK)),
                0, 100, 1);
    }

    public static AliasResolution resolution() {
        return new AliasResolution(UUID.randomUUID(), UUID.randomUUID(), AliasStatus.OK, null);
    }

    public static RequiredCredentials requiredCredentials() {
        return new RequiredCredentials(List.of(new RequiredCredentials.Alias("crm", UUID.randomUUID(), AliasStatus.OK)),
                List.of("acme.oauth.token"));
    }

    public static DirectUses directUses() {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        return new DirectUses("org-1", UUID.randomUUID(), at, List.of(new DirectUses.Use("sol-1", at.plusSeconds(60), 3),
                new DirectUses.Use(null, at.plusSeconds(30), 1)));
    }

    public static ConfigExistenceQuestion existenceQuestion() {
        return new ConfigExistenceQuestion(List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString()));
    }

    public static ConfigExistenceAnswer existenceAnswer() {
        return new ConfigExistenceAnswer("org-1", List.of(UUID.randomUUID()), List.of(UUID.randomUUID()), List.of());
    }

    public static SsoAdmissionQuestion ssoAdmissionQuestion() {
        return new SsoAdmissionQuestion(UUID.randomUUID().toString(), "ann@acme.example");
    }

    public static SsoAdmissionAnswer ssoAdmissionAnswer() {
        return new SsoAdmissionAnswer("org-1", UUID.randomUUID(), 3, true, SsoAdmissionAnswer.ADMITTED, "EXACT");
    }
}
