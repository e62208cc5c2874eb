package com.oauthconfig.common.egress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one private-address rule of both services, address by address. */
class PrivateAddressPolicyTest {

    @ParameterizedTest(name = "{0} refused: {1}")
    @CsvSource({
            // IPv4
            "0.0.0.0, true", "0.1.2.3, true", "0.255.255.255, true", "1.0.0.0, false",
            "10.0.0.1, true", "10.255.255.255, true", "11.0.0.1, false",
            "100.63.255.255, false", "100.64.0.0, true", "100.127.255.255, true", "100.128.0.0, false",
            "127.0.0.1, true", "127.255.255.254, true",
            "169.254.169.254, true", "169.254.0.1, true", "169.255.0.1, false",
            "172.15.255.255, false", "172.16.0.1, true", "172.31.255.255, true", "172.32.0.0, false",
            "192.168.0.1, true", "192.169.0.1, false",
            "198.17.255.255, false", "198.18.0.1, true", "198.19.255.255, true", "198.20.0.0, false",
            "224.0.0.1, true", "239.255.255.255, true", "240.0.0.1, true", "255.255.255.255, true",
            "8.8.8.8, false", "93.184.216.34, false", "203.0.113.7, false",
            // IPv6
            "::, true", "::1, true", "fe80::1, true", "febf::1, true", "fec0::1, true",
            "fc00::1, true", "fdff:ffff::1, true", "ff02::1, true",
            "2001:4860:4860::8888, false", "2606:4700::1111, false",
            // IPv6 carrying an IPv4 address
            "::ffff:127.0.0.1, true", "::ffff:10.1.2.3, true", "::ffff:169.254.169.254, true", "::ffff:8.8.8.8, false",
            "::127.0.0.1, true", "::8.8.8.8, false",
            "64:ff9b::a9fe:a9fe, true", "64:ff9b::808:808, false",
            "2002:7f00:1::, true", "2002:c0a8:101::1, true", "2002:808:808::1, false",
    })
    void eachAddressIsJudgedByItsRange(String address, boolean refused) throws Exception {
        InetAddress a = InetAddress.getByName(address);
        assertEquals(refused, PrivateAddressPolicy.isPrivate(a), address);
        if (a.getAddress().length == 16) {
            return;
        }
        // The same IPv4 address as a v4-mapped IPv6 address object (Java folds ::ffff:a.b.c.d to IPv4 when parsing).
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(a.getAddress(), 0, mapped, 12, 4);
        assertEquals(refused, PrivateAddressPolicy.isPrivate(Inet6Address.getByAddress(null, mapped, -1)), "::ffff:" + address);
    }

    @ParameterizedTest(name = "{0} refused as written: {1}")
    @CsvSource({
            "localhost, true", "LOCALHOST, true", "localhost., true", "api.localhost, true",
            "metadata.google.internal, true", "metadata, true", "instance-data, true", "instance-data.ec2.internal, true",
            "db.cluster.internal, true", "printer.local, true", "my-svc.ns.svc.cluster.local, true",
            "127.0.0.1, true", "[::1], true", "[::ffff:10.0.0.1], true", "10.0.0.1, true",
            // Numeric forms resolvers read differently (decimal, octal, short): never guessed at.
            "2130706433, true", "0177.0.0.1, true", "127.1, true", "[not-an-address], true",
            "8.8.8.8, false", "[2001:4860:4860::8888], false", "api.example.com, false",
    })
    void hostsAreJudgedAsWrittenBeforeAnyLookup(String host, boolean refused) {
        assertEquals(refused, PrivateAddressPolicy.isPrivateLiteral(host), host);
    }

    @Test
    void aNameIsRefusedWhenAnyOfItsAddressesIsPrivateAndOtherwisePinnedToItsFirstAddress() throws Exception {
        InetAddress publicA = InetAddress.getByName("203.0.113.7");
        InetAddress publicB = InetAddress.getByName("198.51.100.9");
        InetAddress privateA = InetAddress.getByName("10.0.0.5");

        var allowed = PrivateAddressPolicy.judge("api.example.com", host -> List.of(publicA, publicB));
        assertEquals(publicA, assertInstanceOf(PrivateAddressPolicy.Verdict.Allowed.class, allowed).address());

        var mixed = PrivateAddressPolicy.judge("api.example.com", host -> List.of(publicA, privateA));
        assertFalse(assertInstanceOf(PrivateAddressPolicy.Verdict.Refused.class, mixed).reason().contains("10.0.0.5"),
                "the reason names no address");

        assertInstanceOf(PrivateAddressPolicy.Verdict.Unresolvable.class, PrivateAddressPolicy.judge("nowhere.example", host -> List.of()));
        assertInstanceOf(PrivateAddressPolicy.Verdict.Refused.class,
                PrivateAddressPolicy.judge("localhost", host -> List.of(publicA)), "a forbidden name is refused whatever DNS says");
        assertTrue(PrivateAddressPolicy.judge("8.8.8.8", host -> {
            throw new AssertionError("a literal is never looked up");
        }) instanceof PrivateAddressPolicy.Verdict.Allowed);
    }
}
