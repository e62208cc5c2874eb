package com.oauthconfig.common.sql;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between a database client and PostgreSQL that can hold back the server's answers,
 * to see what the client sends before it has any of them, and can cut every connection. It records
 * every byte the client sends.
 */
final class HoldingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private boolean holding;

    HoldingProxy(String targetHost, int targetPort) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        Thread acceptor = new Thread(this::accept, "holding-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** From now on the server's answers wait here until {@link #release()}. */
    synchronized void hold() {
        holding = true;
    }

    synchronized void release() {
        holding = false;
        notifyAll();
    }

    /** Whether the client has sent this text (a statement's SQL travels as text in its Parse message). */
    boolean clientSent(String text) {
        synchronized (sent) {
            return sent.toString(StandardCharsets.ISO_8859_1).contains(text);
        }
    }

    /** Cuts every connection relayed so far, as a lost network or a restarted server would. */
    void cutAll() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            try {
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    /** Copies one direction; when either side ends, both are closed, as a real network path would end. */
    private void pump(Socket from, Socket to, boolean fromClient) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16_384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    if (fromClient) {
                        synchronized (sent) {
                            sent.write(buffer, 0, n);
                        }
                    } else {
                        awaitRelease();
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the connection ended
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, fromClient ? "holding-proxy-to-server" : "holding-proxy-to-client");
        t.setDaemon(true);
        t.start();
    }

    private synchronized void awaitRelease() throws InterruptedException {
        while (holding) {
            wait();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        release();
        server.close();
        cutAll();
    }
}
