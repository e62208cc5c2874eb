package com.oauthconfig.token.keys;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.token.config.TokenServiceConfig;
import com.oauthconfig.token.store.TokenRepository;
import com.oauthconfig.token.store.TokenRow;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Key rotation for the token store: moves access and refresh tokens wrapped by a retired
 * key-encryption key to the active one. Only the data keys are rewrapped; the tokens, their
 * expiry and status stay as they are. Once no row uses an old key, that key can leave the
 * configuration (the readiness data {@code tokensOnRetiredKeys} says when).
 */
@ApplicationScoped
public class TokenRewrapJob {

    private static final Logger LOG = Logger.getLogger(TokenRewrapJob.class);

    private final TokenRepository tokens;
    private final EnvelopeCipher cipher;
    private final TokenServiceConfig settings;

    public TokenRewrapJob(TokenRepository tokens, EnvelopeCipher cipher, TokenServiceConfig settings) {
        this.tokens = tokens;
        this.cipher = cipher;
        this.settings = settings;
    }

    @Scheduled(every = "${token-service.crypto.rewrap-every:1h}", delayed = "${token-service.crypto.rewrap-first-after:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return rewrapBatch().invoke(n -> {
            if (n > 0) {
                LOG.infof("rewrapped the tokens of %d row(s) to key %s", n, settings.crypto().activeKeyId());
            }
        }).onFailure().recoverWithItem(e -> {
            LOG.warnf("token rewrap failed: %s", e.getClass().getSimpleName());
            return 0;
        }).replaceWithVoid();
    }

    /** Rewraps one batch of rows in one transaction; returns how many rows moved to the active key. */
    public Uni<Integer> rewrapBatch() {
        return tokens.pool().withTransaction(tx -> tokens.sealedNotWithForUpdate(tx, settings.crypto().activeKeyId(),
                        settings.crypto().rewrapBatchSize())
                .chain(rows -> rows.isEmpty()
                        ? Uni.createFrom().item(0)
                        : tokens.replaceSealed(tx, rows.stream().map(this::rewrapped).toList()).replaceWith(rows.size())));
    }

    private TokenRow rewrapped(TokenRow row) {
        return row.withSealed(rewrap(row.accessSealed(), row), rewrap(row.refreshSealed(), row));
    }

    private String rewrap(String sealed, TokenRow row) {
        return sealed == null ? null : cipher.rewrap(sealed, row.context());
    }
}
