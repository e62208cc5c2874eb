package com.oauthconfig.alias.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.oauthconfig.alias.config.AliasServiceConfig;
import com.oauthconfig.alias.service.ConfigEventService;
import com.oauthconfig.common.events.ConfigEventConsumerBase;
import com.oauthconfig.contracts.config.OAuthConfigChangedEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes oauth-config-events with common's consumer base (headers checked, exactly once in
 * effect, version order, dead-lettering); what an event does to the aliases is
 * {@link ConfigEventService}'s. Counter {@code alias.config.events} (tag {@code outcome}).
 */
@ApplicationScoped
public class ConfigEventConsumer extends ConfigEventConsumerBase<Void> {

    private final ConfigEventService service;

    public ConfigEventConsumer(ConfigEventService service, Pool pool, ObjectMapper json, MeterRegistry meters, AliasServiceConfig config) {
        super(config.consumer().name(), "alias.config.events", pool, json, meters, config.consumer().maxAttempts(),
                config.consumer().maxBackoff());
        this.service = service;
    }

    @Incoming("oauth-config-events")
    public Uni<Void> onEvent(Message<String> message) {
        return consume(message);
    }

    @Override
    protected String lockStateSql() {
        return "select org_id, last_version, removed_version is not null as removed from config_event_state "
                + "where config_id = $1 for update";
    }

    @Override
    protected Object stateKey(OAuthConfigChangedEvent event) {
        return event.configId();
    }

    @Override
    protected Uni<Void> applyInOrder(SqlConnection tx, OAuthConfigChangedEvent event, Known known) {
        return service.applyInOrder(tx, event, known);
    }
}
