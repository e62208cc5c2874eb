package com.oauthconfig.token.configevents;

import com.oauthconfig.contracts.config.InternalOAuthConfig;

import java.util.Optional;
import java.util.UUID;

/**
 * A change of an OAuth config as this service acts on it, mapped from an oauth-config-events
 * record by {@link ConfigEventConsumer} so the logic below never sees the wire format.
 * {@code title} and {@code issuer} are the config's new values (null when the event does not
 * carry them); {@code carried} is the event's copy of the config (client id only, no secret).
 * {@code providerChanged}: an update that names a provider field (issuer, client, scopes, audience
 * or endpoints; the contract's {@code mayRetireTokens}), the only update that retires tokens and
 * for which the config-service keeps the copy of the config a revocation needs.
 */
public record ConfigChange(UUID eventId, String orgId, String configId, long version, Kind kind, boolean consentChanged,
                           boolean providerChanged, String title, String issuer, Optional<InternalOAuthConfig> carried) {

    public enum Kind { CREATED, UPDATED, REMOVED }

    public boolean removal() {
        return kind == Kind.REMOVED;
    }
}
