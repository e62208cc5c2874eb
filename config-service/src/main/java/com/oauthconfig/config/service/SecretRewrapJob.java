package com.oauthconfig.config.service;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.config.config.ConfigServiceConfig;
import com.oauthconfig.config.repository.OAuthConfigEntity;
import com.oauthconfig.config.repository.OAuthConfigRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Key rotation: moves secrets wrapped by a retired key-encryption key to the active one. Only the
 * data key is rewrapped, the payload stays; the record version does not change (the
 * configuration did not). Once no row uses an old key, that key can leave the configuration.
 * People edit the same rows meanwhile: the job writes the sealed column alone, and only where it
 * still holds what the job read (see {@link OAuthConfigRepository#replaceSealed}); a row edited in
 * between keeps the edit, and is picked up again by the next batch if still on an old key.
 */
@ApplicationScoped
public class SecretRewrapJob {

    private static final Logger LOG = Logger.getLogger(SecretRewrapJob.class);

    private final OAuthConfigRepository configs;
    private final EnvelopeCipher cipher;
    private final ConfigServiceConfig config;

    public SecretRewrapJob(OAuthConfigRepository configs, EnvelopeCipher cipher, ConfigServiceConfig config) {
        this.configs = configs;
        this.cipher = cipher;
        this.config = config;
    }

    @Scheduled(every = "${config-service.crypto.rewrap-every:1h}", delayed = "${config-service.crypto.rewrap-first-after:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return rewrapBatch().invoke(n -> {
            if (n > 0) {
                LOG.infof("rewrapped %d client secret(s) to key %s", n, config.crypto().activeKeyId());
            }
        }).onFailure().recoverWithItem(e -> {
            LOG.warnf("secret rewrap failed: %s", e.getMessage());
            return 0;
        }).replaceWithVoid();
    }

    /** Rewraps one batch; returns how many secrets moved to the active key. */
    @WithTransaction
    public Uni<Integer> rewrapBatch() {
        return configs.sealedNotWith(config.crypto().activeKeyId(), config.crypto().rewrapBatchSize())
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .onItem().transformToUniAndConcatenate(row -> configs.replaceSealed(row,
                        cipher.rewrap(row.clientSecretSealed(), OAuthConfigEntity.secretContext(row.orgId(), row.id()))))
                .collect().asList()
                .map(changed -> (int) changed.stream().filter(Boolean::booleanValue).count());
    }
}
