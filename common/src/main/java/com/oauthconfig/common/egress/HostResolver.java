package com.oauthconfig.common.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Resolves a host name to its addresses (blocking: DNS). A seam: tests replace it with scripted answers. */
@FunctionalInterface
public interface HostResolver {

    /** The host's addresses; empty when it does not resolve. */
    List<InetAddress> resolve(String host);

    /** The JVM's resolver. */
    HostResolver SYSTEM = host -> {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            return List.of();
        }
    };
}
