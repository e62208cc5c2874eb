package com.oauthconfig.token.keys;

import com.oauthconfig.common.crypto.RewrapJob;
import com.oauthconfig.token.config.TokenServiceConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Key rotation of the token store ({@link StoredTokenRows}) on the token-service's schedule. */
@Singleton
public class TokenRewrapJob extends RewrapJob {

    public TokenRewrapJob(StoredTokenRows rows, TokenServiceConfig settings) {
        super(rows, settings.crypto());
    }

    @Scheduled(every = "${token-service.crypto.rewrap-every:1h}", delayed = "${token-service.crypto.rewrap-first-after:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return runOnce();
    }
}
