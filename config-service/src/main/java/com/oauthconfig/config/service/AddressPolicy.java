package com.oauthconfig.config.service;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which hosts a stored issuer or endpoint URL may name (SSRF defence): no loopback, private,
 * link-local (this includes the cloud metadata address 169.254.169.254), unique-local, CGNAT,
 * multicast or unspecified addresses, neither as literals nor after DNS resolution. The
 * token-service must check again when it connects (DNS can change); this is the first gate.
 */
public final class AddressPolicy {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Set<String> FORBIDDEN_NAMES = Set.of("localhost", "metadata.google.internal", "metadata",
            "instance-data", "instance-data.ec2.internal");

    private AddressPolicy() {
    }

    /** Why the address is not allowed, or empty when it is a public unicast address. */
    public static Optional<String> refusal(InetAddress a) {
        if (a instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            if (isIpv4Mapped(b)) {
                try {
                    return refusal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return Optional.of("is not a valid address");
                }
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return Optional.of("is a unique-local (private) address");
            }
        }
        if (a.isLoopbackAddress()) {
            return Optional.of("is a loopback address");
        }
        if (a.isLinkLocalAddress()) {
            return Optional.of("is a link-local or cloud metadata address");
        }
        if (a.isSiteLocalAddress()) {
            return Optional.of("is a private address");
        }
        if (a.isAnyLocalAddress() || a.isMulticastAddress()) {
            return Optional.of("is not a unicast address");
        }
        if (a instanceof Inet4Address) {
            byte[] b = a.getAddress();
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0 || first >= 240) {
                return Optional.of("is a reserved address");
            }
            if (first == 100 && second >= 64 && second <= 127) {
                return Optional.of("is a shared (CGNAT) address");
            }
            if (first == 198 && (second == 18 || second == 19)) {
                return Optional.of("is a benchmarking network address");
            }
        }
        return Optional.empty();
    }

    /** Names that always mean "this machine" or "the metadata service", whatever DNS says. */
    public static boolean isForbiddenName(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return FORBIDDEN_NAMES.contains(h) || h.endsWith(".localhost") || h.endsWith(".internal")
                || h.endsWith(".local");
    }

    /** The address when the host is an IP literal (IPv4 dotted quad or bracketed IPv6), else empty. */
    public static Optional<InetAddress> literal(String host) {
        try {
            if (host.startsWith("[") && host.endsWith("]")) {
                return Optional.of(InetAddress.getByName(host.substring(1, host.length() - 1)));
            }
            if (IPV4.matcher(host).matches()) {
                return Optional.of(InetAddress.getByName(host));
            }
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean isIpv4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }
}
