package com.oauthconfig.token.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The one rule for which addresses outbound calls (identity providers, function targets) must not
 * reach: loopback, private, link-local, CGNAT, IPv6 unique-local, any-local, multicast and cloud
 * metadata names. Callers decide whether it applies (dev and test settings may allow private
 * addresses); literal hosts are judged without DNS, names after resolution.
 */
public final class PrivateAddressPolicy {

    private PrivateAddressPolicy() {
    }

    /** True for an address no outbound call may reach. */
    public static boolean isPrivate(InetAddress a) {
        byte[] b = a.getAddress();
        boolean uniqueLocalV6 = b.length == 16 && (b[0] & 0xfe) == 0xfc;
        boolean sharedCgnat = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        return a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress() || uniqueLocalV6 || sharedCgnat;
    }

    /**
     * True when the host as written is private: {@code localhost} names, the metadata name, or an
     * address literal that is private (an unparseable literal counts as private). Names are not
     * resolved here: false for them.
     */
    public static boolean isPrivateLiteral(String host) {
        String h = host.toLowerCase();
        if (h.equals("localhost") || h.endsWith(".localhost") || h.equals("metadata.google.internal")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":") && !h.startsWith("[")) {
            return false;
        }
        try {
            // A literal address: getByName parses it without any DNS lookup.
            return isPrivate(InetAddress.getByName(h.replace("[", "").replace("]", "")));
        } catch (Exception e) {
            return true;
        }
    }

    /**
     * True when any address the name resolves to is private. Blocks on DNS: call it on a worker
     * thread. The HTTP client resolves again when it connects, so DNS rebinding with a very short
     * TTL is not fully excluded; network egress rules remain the outer fence.
     */
    public static boolean resolvesToPrivate(String host) throws UnknownHostException {
        for (InetAddress a : InetAddress.getAllByName(host)) {
            if (isPrivate(a)) {
                return true;
            }
        }
        return false;
    }
}
