package dev.spotshift.monitor.streams;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of one address that can be taken down and brought back on the same port: while down
 * it listens on nothing (connection refused) and has cut every connection it was carrying, as a registry whose
 * process or network went away would look to its clients.
 */
final class TogglingProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    TogglingProxy(URI targetUrl) throws IOException {
        this.target = new InetSocketAddress(targetUrl.getHost(), targetUrl.getPort());
        this.server = listen(0);
        this.port = server.getLocalPort();
    }

    /** {@code url} with the target's host and port replaced by the proxy's. */
    String through(String url) {
        URI u = URI.create(url);
        return u.getScheme() + "://127.0.0.1:" + port + u.getRawPath();
    }

    synchronized void down() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
        open.clear();
    }

    synchronized void up() throws IOException {
        if (server.isClosed()) {
            server = listen(port);
        }
    }

    private ServerSocket listen(int onPort) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
        Thread accept = new Thread(() -> acceptAll(s), "registry-proxy-accept");
        accept.setDaemon(true);
        accept.start();
        return s;
    }

    private void acceptAll(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                open.add(client);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // Closed by down(), or the target refused: the client sees its connection end.
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // One side went away: close both below.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "registry-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void closeQuietly(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        down();
    }
}
