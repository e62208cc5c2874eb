package com.oauthconfig.token.homehub;

import com.oauthconfig.common.problem.Problems;
import com.oauthconfig.token.handout.AccessTokenResult;
import com.oauthconfig.token.peers.AliasServiceGateway;
import com.oauthconfig.token.peers.ConfigServiceGateway;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.oauthconfig.token.peers.OAuthConfigCache;
import com.oauthconfig.contracts.alias.AliasStatus;
import com.oauthconfig.contracts.alias.RequiredCredentials;
import com.oauthconfig.token.store.AccessTokenService;
import com.oauthconfig.token.store.SignInDenials;
import com.oauthconfig.token.store.TokenHandOutPolicy;
import com.oauthconfig.token.store.TokenRepository;
import com.oauthconfig.token.store.TokenRow;
import com.oauthconfig.token.usage.ConfigUsageRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the Home Hub shows a user for one solution: every credential the solution needs (its OAuth
 * aliases, the titles an ADMIN declared, the titles its functions used) with the user's sign-in
 * state for each. Read from the stored tokens and sign-in denials only: no provider is called, no
 * token refreshed or opened.
 */
@ApplicationScoped
public class SignInStatusService {

    /** Used configs shown at most (most recent first). */
    static final int MAX_USED = 50;
    public static final String SIGNED_IN = "SIGNED_IN";

    /** One required credential; exactly one of {@code title} and {@code aliasName} is set. */
    public record Entry(String configId, String title, String aliasName, String name, String imageUrl, String type,
                        String status, Instant accessExpiresAt, String authorizePath) {
    }

    private final AliasServiceGateway aliases;
    private final OAuthConfigCache configs;
    private final ConfigUsageRepository usage;
    private final TokenRepository tokens;
    private final SignInDenials denials;
    private final TokenHandOutPolicy policy;

    public SignInStatusService(AliasServiceGateway aliases, OAuthConfigCache configs, ConfigUsageRepository usage,
                               TokenRepository tokens, SignInDenials denials, TokenHandOutPolicy policy) {
        this.aliases = aliases;
        this.configs = configs;
        this.usage = usage;
        this.tokens = tokens;
        this.denials = denials;
        this.policy = policy;
    }

    public Uni<List<Entry>> status(String orgId, String solutionId, String userId) {
        return aliases.required(orgId, solutionId)
                .onFailure(f -> f instanceof AliasServiceGateway.AliasServiceUnavailableException
                        || f instanceof CircuitBreakerOpenException || f instanceof TimeoutException)
                .transform(f -> Problems.unavailable("credential-alias-service"))
                .chain(required -> usage.ofSolution(orgId, solutionId, MAX_USED)
                        .chain(used -> entries(orgId, userId, required, used)))
                .onFailure(ConfigServiceGateway.ConfigServiceUnavailableException.class)
                .transform(f -> Problems.unavailable("config-service"));
    }

    /** Aliases by name, then configs by title: declared or used, each config once. */
    private Uni<List<Entry>> entries(String orgId, String userId, RequiredCredentials required, List<ConfigUsageRepository.Use> used) {
        List<Uni<Entry>> aliasEntries = new ArrayList<>();
        for (RequiredCredentials.Alias alias : required.aliases()) {
            String configId = alias.oauthConfigId() == null ? null : alias.oauthConfigId().toString();
            aliasEntries.add(alias.status() != AliasStatus.OK || configId == null
                    ? Uni.createFrom().item(new Entry(configId, null, alias.name(), null, null, null, "ALIAS_BROKEN", null, null))
                    : configs.find(orgId, configId).chain(c -> entry(orgId, userId, configId, null, alias.name(), c)));
        }
        Map<String, Uni<Optional<InternalOAuthConfig>>> declared = new LinkedHashMap<>();
        required.titles().forEach(t -> declared.put(t, configs.findByTitle(orgId, t)));
        return join(aliasEntries).chain(byAlias -> join(List.copyOf(declared.values()))
                .chain(declaredConfigs -> join(used.stream().map(u -> configs.find(orgId, u.configId())).toList())
                        .chain(usedConfigs -> {
                            // Keyed by title (lower case) so a declared title and the same config used by title are one entry.
                            TreeMap<String, Uni<Entry>> byTitle = new TreeMap<>();
                            List<String> titles = List.copyOf(declared.keySet());
                            for (int i = 0; i < titles.size(); i++) {
                                Optional<InternalOAuthConfig> c = declaredConfigs.get(i);
                                String title = c.map(InternalOAuthConfig::title).orElse(titles.get(i));
                                byTitle.putIfAbsent(title.toLowerCase(Locale.ROOT),
                                        entry(orgId, userId, c.map(x -> x.id().toString()).orElse(null), title, null, c));
                            }
                            // A used config that is gone since is left out: nothing the user can sign in to.
                            usedConfigs.stream().flatMap(Optional::stream).forEach(c -> byTitle.putIfAbsent(
                                    c.title().toLowerCase(Locale.ROOT), entry(orgId, userId, c.id().toString(), c.title(), null, Optional.of(c))));
                            return join(List.copyOf(byTitle.values())).map(titled -> {
                                List<Entry> all = new ArrayList<>(byAlias);
                                all.addAll(titled);
                                return all;
                            });
                        })));
    }

    private Uni<Entry> entry(String orgId, String userId, String configId, String title, String aliasName, Optional<InternalOAuthConfig> found) {
        if (found.isEmpty()) {
            return Uni.createFrom().item(new Entry(configId, title, aliasName, null, null, null, "CONFIG_REMOVED", null, null));
        }
        InternalOAuthConfig c = found.get();
        return state(c, userId).map(s -> new Entry(c.id().toString(), title, aliasName, c.name(), c.imageUrl(),
                c.type() == null ? null : c.type().name(), s.status(), s.accessExpiresAt(),
                "/api/orgs/" + orgId + "/oauth-configs/" + c.id() + "/authorize"));
    }

    private record State(String status, Instant accessExpiresAt) {
    }

    /**
     * The user's state for a config, as the injection path would judge it without calling the
     * provider: a held refresh token counts as signed in (the next use refreshes silently).
     */
    private Uni<State> state(InternalOAuthConfig config, String userId) {
        return tokens.find(config.orgId(), config.id().toString(), userId).chain(found -> {
            if (found.isPresent()) {
                TokenRow row = found.get();
                AccessTokenResult blocked = AccessTokenService.blockedReason(row, config);
                if (blocked == null) {
                    Instant now = Instant.now();
                    if (policy.stillValid(row, now) || row.refreshSealed() != null) {
                        return Uni.createFrom().item(new State(SIGNED_IN, row.accessExpiresAt() == null ? null : policy.handOutUntil(row)));
                    }
                    return unlessDenied(config, userId, "REFRESH_FAILED");
                }
                return unlessDenied(config, userId, blocked.reason().name());
            }
            return unlessDenied(config, userId, "NOT_SIGNED_IN");
        });
    }

    /** A sign-in declined at the provider since says so instead (as the injection path's error does). */
    private Uni<State> unlessDenied(InternalOAuthConfig config, String userId, String status) {
        return denials.find(config.orgId(), config.id().toString(), userId)
                .map(d -> new State(d.isPresent() ? "SIGN_IN_DENIED" : status, null));
    }

    private static <T> Uni<List<T>> join(List<Uni<T>> unis) {
        if (unis.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(unis).andFailFast();
    }
}
