package com.oauthconfig.common.egress;

import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.util.List;

/** The JVM's resolver as a bean: the one place outbound calls look names up (tests script its answers). */
@ApplicationScoped
public class DnsResolver implements HostResolver {

    @Override
    public List<InetAddress> resolve(String host) {
        return HostResolver.SYSTEM.resolve(host);
    }
}
