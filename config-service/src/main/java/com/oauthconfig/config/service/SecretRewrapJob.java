package com.oauthconfig.config.service;

import com.oauthconfig.common.crypto.RewrapJob;
import com.oauthconfig.config.config.ConfigServiceConfig;
import com.oauthconfig.config.repository.ClientSecretRows;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Key rotation of the client secrets ({@link ClientSecretRows}) on the config-service's schedule. */
@Singleton
public class SecretRewrapJob extends RewrapJob {

    public SecretRewrapJob(ClientSecretRows rows, ConfigServiceConfig config) {
        super(rows, config.crypto());
    }

    @Scheduled(every = "${config-service.crypto.rewrap-every:1h}", delayed = "${config-service.crypto.rewrap-first-after:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return runOnce();
    }
}
