package com.oauthconfig.token.configevents;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.oauthconfig.contracts.config.OAuthConfigChangedEvent;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Every replica's in-memory caches (configs, client-credentials tokens, provider metadata) must
 * drop a changed config, but the {@code token-service} consumer group hands each event to ONE
 * replica. This second subscription uses a consumer group of its own per instance (a broadcast),
 * starts at the latest offset, reads the contract type, touches no database and only evicts; a record it cannot read is
 * skipped (the main consumer dead-letters it). Counter {@code token.config.cache-evictions}.
 */
@ApplicationScoped
public class ConfigCacheEvictionConsumer {

    private static final Logger LOG = Logger.getLogger(ConfigCacheEvictionConsumer.class);

    private final ConfigChangeService service;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    public ConfigCacheEvictionConsumer(ConfigChangeService service, ObjectMapper json, MeterRegistry meters) {
        this.service = service;
        this.json = json;
        this.meters = meters;
    }

    @Incoming("oauth-config-cache")
    public void evict(String payload) {
        try {
            OAuthConfigChangedEvent event = json.readValue(payload, OAuthConfigChangedEvent.class);
            service.evictCaches(event.orgId(), event.configId().toString(), event.issuer());
            meters.counter("token.config.cache-evictions").increment();
        } catch (Exception e) {
            LOG.debugf("unreadable record skipped by the cache eviction subscription: %s", e.getClass().getSimpleName());
        }
    }
}
