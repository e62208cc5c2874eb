package com.oauthconfig.token.support;

import com.oauthconfig.common.egress.DnsResolver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS-rebinding attacker's name server for one name: the first lookup answers a public address,
 * every later one a private address (where the test's server listens). Other names resolve as usual.
 */
public class RebindingResolver extends DnsResolver {

    public static final String PUBLIC_ADDRESS = "203.0.113.7";

    private final String name;
    private final AtomicInteger lookups = new AtomicInteger();

    public RebindingResolver(String name) {
        this.name = name;
    }

    @Override
    public List<InetAddress> resolve(String host) {
        if (!host.equalsIgnoreCase(name)) {
            return super.resolve(host);
        }
        try {
            return List.of(InetAddress.getByName(lookups.getAndIncrement() == 0 ? PUBLIC_ADDRESS : "127.0.0.1"));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How often the name was looked up through this resolver. */
    public int lookups() {
        return lookups.get();
    }

    /**
     * A name of this machine that the JVM's own resolver (the one an HTTP client uses when it
     * resolves again) answers with a local address, and that no rule refuses as written.
     */
    public static String localName() throws UnknownHostException {
        return InetAddress.getLocalHost().getHostName();
    }
}
