package com.oauthconfig.alias.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the credential-alias-service (prefix {@code alias}). */
@ConfigMapping(prefix = "alias")
public interface AliasServiceConfig {


    /** Paging of list endpoints. */
    Paging paging();

    /** Events this service publishes. */
    Events events();

    /** Consumption of oauth-config-events. */
    Consumer consumer();

    /** Periodic check of alias targets against the config-service. */
    Reconciliation reconciliation();

    /** Which platform clients (the service token's {@code azp}/{@code client_id}) may call the service-only paths. */
    Callers callers();

    /** Platform clients per service-only path; every other service token gets 403. */
    interface Callers {
        /** May ask for the references of any organisation's configuration (before a removal). */
        @WithDefault("config-service")
        java.util.Set<String> references();

        /** May resolve a solution credential name (to inject the user's token). */
        @WithDefault("token-service")
        java.util.Set<String> resolve();
    }

    /** Reconciliation schedule (read by the @Scheduled expression). */
    interface Reconciliation {
        /** Time between rounds, e.g. 15m; "off" disables the schedule. */
        @WithDefault("15m")
        String interval();

        /** Wait after start before the first round. */
        @WithDefault("5m")
        String initialDelay();
    }

    /** Paging limits. */
    interface Paging {
        /** Page size when the caller gives none. */
        @WithDefault("20")
        int defaultSize();

        /** Largest page a caller may ask for. */
        @WithDefault("200")
        int maxSize();
    }

    /** Outgoing events. */
    interface Events {
        /** Topic of alias broken/repaired events. */
        @WithDefault("credential-alias-events")
        String topic();
    }

    /** Incoming config events. */
    interface Consumer {
        /** The consumer's name in its logs and in the dead-letter counter's {@code consumer} tag. */
        @WithDefault("credential-alias-service.oauth-config-events")
        String name();

        /** Attempts to apply a readable event (database away…) before it goes to the dead-letter topic. */
        @WithDefault("40")
        int maxAttempts();

        /** Longest wait between two attempts (exponential backoff from 100 ms). */
        @WithDefault("5S")
        java.time.Duration maxBackoff();
    }
}
