package dev.spotshift.analyzer.rest;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/**
 * Who is calling, for per-caller limits: the authenticated principal when there is one, else the
 * client's address (as Quarkus sees it: behind a proxy, {@code quarkus.http.proxy.*} decides whether
 * forwarded headers are trusted; a header the client sets itself never is, here).
 */
final class Callers {

    private Callers() {}

    static String of(SecurityContext security, HttpServerRequest request) {
        Principal principal = security == null ? null : security.getUserPrincipal();
        if (principal != null && principal.getName() != null && !principal.getName().isBlank()) {
            return "principal:" + principal.getName();
        }
        SocketAddress address = request == null ? null : request.remoteAddress();
        return "address:" + (address == null ? "unknown" : address.hostAddress());
    }
}
