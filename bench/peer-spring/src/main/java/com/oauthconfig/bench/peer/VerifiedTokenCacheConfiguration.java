package com.oauthconfig.bench.peer;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import java.time.Duration;

/**
 * Profile {@code verified-token-cache}: wraps the decoder Spring Boot configures from
 * {@code issuer-uri} (signature, issuer, timestamps, audience) in {@link VerifiedTokenCache},
 * 60 s and 10,000 tokens at most, as the platform's own cache.
 */
@Configuration(proxyBeanMethods = false)
@Profile("verified-token-cache")
class VerifiedTokenCacheConfiguration {

    @Bean
    static BeanPostProcessor verifiedTokenCacheWrapper() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof ReactiveJwtDecoder decoder && !(bean instanceof VerifiedTokenCache)
                        ? new VerifiedTokenCache(decoder, Duration.ofSeconds(60), 10_000) : bean;
            }
        };
    }
}
