package com.oauthconfig.config.config;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The envelope cipher over the configured key ring; a bad key fails the start, not a request. */
public class CryptoProducer {

    @Produces
    @Singleton
    public EnvelopeCipher envelopeCipher(ConfigServiceConfig config) {
        return config.crypto().cipher();
    }
}
