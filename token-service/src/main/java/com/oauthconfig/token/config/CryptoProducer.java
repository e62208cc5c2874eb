package com.oauthconfig.token.config;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.common.crypto.KeyRing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Builds the envelope cipher from the configured key ring; a missing or bad key fails start-up. */
@ApplicationScoped
public class CryptoProducer {

    @Produces
    @ApplicationScoped
    EnvelopeCipher cipher(TokenServiceConfig config) {
        return new EnvelopeCipher(KeyRing.of(config.crypto().activeKeyId(), config.crypto().keys()));
    }
}
