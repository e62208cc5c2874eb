package com.oauthconfig.common.egress;

import com.oauthconfig.common.vertx.CallersContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * The address an outbound call (the config-service's issuer discovery; the token-service's provider
 * endpoints and function targets) connects to: the host resolved once (on a worker thread) and
 * judged by {@link PrivateAddressPolicy}. The caller connects to exactly this address, keeping the
 * host name for the Host header and TLS SNI and certificate checks, so a name that answers a public
 * address to the check and a private one to the connect (DNS rebinding) still only reaches the
 * public one.
 */
@ApplicationScoped
public class EgressAddresses {

    /** The host may not be called; the message says why without naming an address. */
    public static final class RefusedException extends RuntimeException {
        public RefusedException(String host, String reason) {
            super("host " + host + " " + reason, null, false, false);
        }
    }

    private final DnsResolver dns;

    public EgressAddresses(DnsResolver dns) {
        this.dns = dns;
    }

    /** The public address to connect to; fails with {@link RefusedException} or {@link UnknownHostException}. */
    public Uni<InetAddress> pin(String host) {
        if (PrivateAddressPolicy.isPrivateLiteral(host)) {
            // Decided as written, without a lookup.
            return Uni.createFrom().failure(new RefusedException(host, "is a loopback, private, link-local or metadata address or name"));
        }
        // The lookup blocks, so it runs on a worker; the caller carries on on its own context.
        return CallersContext.resumeOnCallersContext(Uni.createFrom().deferred(() -> {
            PrivateAddressPolicy.Verdict verdict = PrivateAddressPolicy.judge(host, dns);
            if (verdict instanceof PrivateAddressPolicy.Verdict.Allowed allowed) {
                return Uni.createFrom().item(allowed.address());
            }
            if (verdict instanceof PrivateAddressPolicy.Verdict.Refused refused) {
                return Uni.createFrom().failure(new RefusedException(host, refused.reason()));
            }
            return Uni.createFrom().failure(new UnknownHostException(host));
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    /** The port a call to {@code uri} connects to: its own, or the scheme's default. */
    public static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
