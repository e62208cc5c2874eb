package com.oauthconfig.token.keys;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.common.crypto.SealedRows;
import com.oauthconfig.common.sql.PipelinedTransaction;
import com.oauthconfig.token.store.TokenRepository;
import com.oauthconfig.token.store.TokenRow;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The sealed access and refresh tokens, for key rotation: a batch locks its rows, rewraps their data
 * keys and writes the sealed columns alone; tokens, expiry and status stay as they are.
 */
@ApplicationScoped
public class StoredTokenRows implements SealedRows {

    private final TokenRepository tokens;
    private final EnvelopeCipher cipher;

    public StoredTokenRows(TokenRepository tokens, EnvelopeCipher cipher) {
        this.tokens = tokens;
        this.cipher = cipher;
    }

    @Override
    public String description() {
        return "stored token rows";
    }

    @Override
    public String retiredCountName() {
        return "tokensOnRetiredKeys";
    }

    @Override
    public Uni<Long> countOnRetiredKeys(String activeKeyId) {
        return tokens.countSealedNotWith(activeKeyId);
    }

    @Override
    public Uni<Integer> rewrapBatch(String activeKeyId, int batchSize) {
        return PipelinedTransaction.run(tokens.pool(), tx -> tokens.sealedNotWithForUpdate(tx, activeKeyId, batchSize)
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
