package com.oauthconfig.common.egress;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one rule (SSRF defence) for which addresses a call leaving the platform must not reach, used
 * by the config-service when an issuer or endpoint URL is stored and by the token-service for every
 * provider call and function target: loopback, "this network" (0.0.0.0/8), private (RFC 1918),
 * shared CGNAT (100.64.0.0/10), link-local (including the cloud metadata address 169.254.169.254),
 * benchmarking (198.18.0.0/15), multicast and reserved (240.0.0.0/4) IPv4 addresses; IPv6
 * loopback, unspecified, link-local, site-local, unique-local (fc00::/7) and multicast addresses,
 * and IPv6 addresses that embed an IPv4 address (v4-mapped, v4-compatible, NAT64 64:ff9b::/96,
 * 6to4 2002::/16), judged by the IPv4 address they carry; and names that always mean this machine
 * or a metadata service. Callers decide whether it applies (dev and test settings may allow
 * private addresses).
 */
public final class PrivateAddressPolicy {

    /** Four decimal octets without leading zeros (resolvers read 0177 as octal, Java as decimal). */
    private static final Pattern DOTTED_QUAD = Pattern.compile("(0|[1-9]\\d{0,2})(\\.(0|[1-9]\\d{0,2})){3}");
    private static final Pattern NUMERIC = Pattern.compile("[0-9.]+");
    private static final Set<String> FORBIDDEN_NAMES = Set.of("localhost", "metadata.google.internal", "metadata",
            "instance-data", "instance-data.ec2.internal");

    private PrivateAddressPolicy() {
    }

    /** Why no call may reach the address, or empty for a public unicast address. */
    public static Optional<String> refusal(InetAddress a) {
        if (a instanceof Inet6Address v6) {
            Optional<InetAddress> embedded = embeddedIpv4(v6.getAddress());
            if (embedded.isPresent()) {
                return refusal(embedded.get());
            }
            byte[] b = v6.getAddress();
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
            if (first == 0) {
                return Optional.of("is a \"this network\" address");
            }
            if (first >= 240) {
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

    /** True for an address no outbound call may reach. */
    public static boolean isPrivate(InetAddress a) {
        return refusal(a).isPresent();
    }

    /** Names that always mean "this machine" or "the metadata service", whatever DNS says. */
    public static boolean isForbiddenName(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return FORBIDDEN_NAMES.contains(h) || h.endsWith(".localhost") || h.endsWith(".internal") || h.endsWith(".local");
    }

    /** The address when the host is an IP literal (IPv4 dotted quad or IPv6, bracketed or not), else empty. */
    public static Optional<InetAddress> literal(String host) {
        try {
            String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            if (h.contains(":") || DOTTED_QUAD.matcher(h).matches()) {
                // A literal: getByName parses it without any DNS lookup.
                return Optional.of(InetAddress.getByName(h));
            }
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * True when the host as written is refused without any DNS lookup: a forbidden name, a private
     * literal, or something that looks like an address but is not a plain one (a bare number, an
     * unparseable IPv6 literal) — resolvers disagree on those, so they are never guessed at.
     */
    public static boolean isPrivateLiteral(String host) {
        if (isForbiddenName(host)) {
            return true;
        }
        Optional<InetAddress> literal = literal(host);
        if (literal.isPresent()) {
            return isPrivate(literal.get());
        }
        return host.contains(":") || host.startsWith("[") || NUMERIC.matcher(host).matches();
    }

    /**
     * The address a call to {@code host} must connect to, when the host may be called at all: a
     * literal is judged as written; a name is resolved once with {@code resolver} and refused when
     * any of its addresses is private (so the answer cannot depend on which one a client would
     * pick). Connecting to the returned address (keeping the host name for Host and TLS SNI) means
     * the address checked is the address reached: DNS rebinding between the check and the connect
     * has nothing left to change. Blocks on DNS: call it off the event loop.
     */
    public static Verdict judge(String host, HostResolver resolver) {
        if (isPrivateLiteral(host)) {
            return new Verdict.Refused("is a loopback, private, link-local or metadata address or name");
        }
        Optional<InetAddress> literal = literal(host);
        if (literal.isPresent()) {
            return new Verdict.Allowed(literal.get());
        }
        List<InetAddress> addresses = resolver.resolve(host);
        if (addresses.isEmpty()) {
            return new Verdict.Unresolvable();
        }
        for (InetAddress a : addresses) {
            Optional<String> refusal = refusal(a);
            if (refusal.isPresent()) {
                return new Verdict.Refused("resolves to an address that " + refusal.get());
            }
        }
        return new Verdict.Allowed(addresses.get(0));
    }

    /** What {@link #judge} decided. */
    public sealed interface Verdict {
        /** Public: connect to {@code address}. */
        record Allowed(InetAddress address) implements Verdict {
        }

        /** Never to be called; {@code reason} says why (no address in it). */
        record Refused(String reason) implements Verdict {
        }

        /** The name does not resolve. */
        record Unresolvable() implements Verdict {
        }
    }

    /**
     * The IPv4 address an IPv6 address carries: v4-mapped (::ffff:a.b.c.d), v4-compatible
     * (::a.b.c.d, not :: or ::1), NAT64 (64:ff9b::a.b.c.d) or 6to4 (2002:aabb:ccdd::).
     */
    private static Optional<InetAddress> embeddedIpv4(byte[] b) {
        byte[] v4 = null;
        if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            v4 = new byte[] {b[12], b[13], b[14], b[15]};
        } else if (zero(b, 0, 12) && !(zero(b, 12, 15) && ((b[15] & 0xff) <= 1))) {
            v4 = new byte[] {b[12], b[13], b[14], b[15]};
        } else if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && zero(b, 4, 12)) {
            v4 = new byte[] {b[12], b[13], b[14], b[15]};
        } else if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            v4 = new byte[] {b[2], b[3], b[4], b[5]};
        }
        if (v4 == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(v4));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
