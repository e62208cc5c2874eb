package com.oauthconfig.token.configevents;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.oauthconfig.common.events.ConfigEventConsumerBase;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.oauthconfig.contracts.config.OAuthConfigChangedEvent;
import com.oauthconfig.token.config.TokenServiceConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.Optional;

/**
 * Consumes oauth-config-events (consumer group token-service) with common's consumer base:
 * headers checked, exactly once in effect, version order, retries then dead-lettering. Each event
 * is mapped to a {@link ConfigChange}, so the logic below never sees the wire format.
 * Counter {@code token.config.events} (tag {@code outcome}).
 */
@ApplicationScoped
public class ConfigEventConsumer extends ConfigEventConsumerBase<ConfigChangeWriter.Written> {

    private final ConfigChangeService service;
    private final ConfigChangeWriter writer;

    public ConfigEventConsumer(ConfigChangeService service, ConfigChangeWriter writer, Pool pool, ObjectMapper json,
                               MeterRegistry meters, TokenServiceConfig settings) {
        super(settings.events().consumer(), "token.config.events", pool, json, meters, settings.events().maxAttempts(),
                settings.events().maxBackoff());
        this.service = service;
        this.writer = writer;
    }

    @Incoming("oauth-config-events")
    public Uni<Void> onEvent(Message<String> message) {
        return consume(message);
    }

    @Override
    protected String lockStateSql() {
        return "select org_id, last_version, removed from config_state where config_id = $1 for update";
    }

    @Override
    protected Object stateKey(OAuthConfigChangedEvent event) {
        return event.configId().toString();
    }

    @Override
    protected Uni<ConfigChangeWriter.Written> applyInOrder(SqlConnection tx, OAuthConfigChangedEvent event, Known known) {
        return writer.applyInOrder(tx, change(event), known);
    }

    @Override
    protected void afterCommit(OAuthConfigChangedEvent event, Outcome outcome, ConfigChangeWriter.Written applied) {
        service.afterCommit(change(event), applied);
    }

    /** The event as the logic acts on it. */
    static ConfigChange change(OAuthConfigChangedEvent e) {
        boolean consent = e.changeType() == OAuthConfigChangedEvent.ChangeType.UPDATED
                && e.changedFields().stream().anyMatch(OAuthConfigChangedEvent.CONSENT_FIELDS::contains);
        boolean provider = e.changeType() == OAuthConfigChangedEvent.ChangeType.UPDATED
                && OAuthConfigChangedEvent.mayRetireTokens(e.changeType(), e.changedFields());
        return new ConfigChange(e.eventId(), e.orgId(), e.configId().toString(), e.version(),
                ConfigChange.Kind.valueOf(e.changeType().name()), consent, provider, e.title(), e.issuer(), carried(e));
    }

    /** The event's copy of the config in the shape the logic uses (no secret: the event never has one). */
    private static Optional<InternalOAuthConfig> carried(OAuthConfigChangedEvent e) {
        OAuthConfigChangedEvent.Config c = e.config();
        if (c == null || c.id() == null || c.type() == null) {
            return Optional.empty();
        }
        return Optional.of(new InternalOAuthConfig(c.id(), c.orgId(), c.version(), c.name(), c.title(), c.type(), c.clientId(),
                null, c.issuer(), c.endpoints(), c.usePkce(), c.useNonce(), c.scopes(), c.redirectUrls(), c.loginHint(),
                c.apiHosts(), c.audience(), c.tenantId(), c.ssoEnabled(), c.ssoEmailAuthoritative(), c.imageUrl()));
    }
}
