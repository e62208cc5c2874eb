package com.oauthconfig.rig;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Distinct client addresses on this machine: every 127.x.y.z is a loopback address on Linux, so a
 * test that binds its connections to its own one is, to a per-address rate limit, a client of its
 * own, whatever the other tests of the JVM (all on 127.0.0.1) have spent.
 */
public final class LoopbackAddresses {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private LoopbackAddresses() {
    }

    /** An address no other caller of this method in this JVM has had. */
    public static InetAddress next() {
        int n = NEXT.getAndIncrement();
        try {
            return InetAddress.getByAddress(new byte[] {127, 1, (byte) (n / 250), (byte) (n % 250 + 2)});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
