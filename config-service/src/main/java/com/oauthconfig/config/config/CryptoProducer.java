package com.oauthconfig.config.config;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.common.crypto.KeyRing;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

/** Builds the envelope cipher from the configured key ring; a bad key fails the start, not a request. */
public class CryptoProducer {

    @Produces
    @Singleton
    public EnvelopeCipher envelopeCipher(ConfigServiceConfig config) {
        return new EnvelopeCipher(KeyRing.of(config.crypto().activeKeyId(), config.crypto().keys()));
    }
}
