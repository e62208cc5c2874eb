package com.oauthconfig.alias.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.oauthconfig.alias.config.AliasServiceConfig;
import com.oauthconfig.alias.service.ConfigEventService;
import com.oauthconfig.common.events.ConfigEventConsumerBase;
import com.oauthconfig.common.outbox.ProcessedEvents;
import com.oauthconfig.contracts.config.OAuthConfigChangedEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
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

    public ConfigEventConsumer(ConfigEventService service, ProcessedEvents processed, ObjectMapper json, MeterRegistry meters,
                               AliasServiceConfig config) {
        super(config.consumer().name(), "alias.config.events", processed, json, meters, config.consumer().maxAttempts(),
                config.consumer().maxBackoff());
        this.service = service;
    }

    @Incoming("oauth-config-events")
    public Uni<Void> onEvent(Message<String> message) {
        return consume(message);
    }

    @Override
    protected Uni<Known> lockState(OAuthConfigChangedEvent event) {
        return service.lockState(event.configId());
    }

    @Override
    protected Uni<Void> applyInOrder(OAuthConfigChangedEvent event, Known known) {
        return service.applyInOrder(event);
    }
}
