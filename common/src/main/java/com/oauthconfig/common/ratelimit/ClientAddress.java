package com.oauthconfig.common.ratelimit;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/** The key of a client address: the connection's remote host as Vert.x reports it. */
final class ClientAddress {

    private ClientAddress() {
    }

    static String of(RoutingContext context) {
        SocketAddress remote = context == null ? null : context.request().remoteAddress();
        if (remote == null) {
            return "unknown";
        }
        String host = remote.hostAddress();
        return host != null ? host : remote.host();
    }
}
