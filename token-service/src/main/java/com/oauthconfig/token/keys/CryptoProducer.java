package com.oauthconfig.token.keys;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.token.config.TokenServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The envelope cipher over the configured key ring; a missing or bad key fails start-up. */
@ApplicationScoped
public class CryptoProducer {

    @Produces
    @ApplicationScoped
    EnvelopeCipher cipher(TokenServiceConfig config) {
        return config.crypto().cipher();
    }
}
