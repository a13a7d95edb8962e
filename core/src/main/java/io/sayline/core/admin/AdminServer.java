package io.sayline.core.admin;

import com.sun.net.httpserver.HttpServer;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sayline.config.AdminConfig;
import io.sayline.core.tts.SwappableVendors;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin page and its API on {@code admin.bind:admin.port} (docs/admin.md). The JDK's HTTP server on two
 * threads of its own, not Netty: its work blocks by nature (SQLite commits with fsync, PBKDF2, the Test voice's
 * wait), and none of it may run on the HTTP API's loop or a call loop. Every path but the login page and the
 * static files needs a logged-in session (or, for the API, the password as a bearer token or basic auth); every
 * POST and every API call that changes something needs the session's CSRF token.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    static final String CSRF_HEADER = "X-CSRF-Token";

    private final HttpServer server;
    private final ExecutorService threads;
    private final ScheduledExecutorService sweeper;
    private final String passwordHash;
    private final Sessions sessions = new Sessions();
    private final LoginLimiter limiter = new LoginLimiter();
    private final AdminPages pages;
    private final ServiceApi api;
    private final AdminMetrics metrics;

    private AdminServer(HttpServer server, String passwordHash, AdminPages pages, ServiceApi api,
                        ScheduledExecutorService sweeper, AdminMetrics metrics) {
        this.server = server;
        this.metrics = metrics;
        this.passwordHash = passwordHash;
        this.pages = pages;
        this.api = api;
        this.sweeper = sweeper;
        this.threads = Executors.newFixedThreadPool(2, new DefaultThreadFactory("admin-http", true));
    }

    /**
     * Binds and starts.
     *
     * @param out where a first start's one-time password is printed
     */
    public static AdminServer start(AdminConfig config, ServiceStore store, SpeechServices services,
                                    SwappableVendors vendors, ServiceHealth health, AdminMetrics metrics,
                                    PrintStream out) throws IOException {
        String hash = AdminPassword.hash(config, store, out);
        HttpServer http = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 64);
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
                new DefaultThreadFactory("admin-sweeper", true));
        AdminServer admin = new AdminServer(http, hash, new AdminPages(services, vendors, health, metrics),
                new ServiceApi(services, health, metrics), sweeper, metrics);
        http.createContext("/", exchange -> admin.serve(new AdminExchange(exchange)));
        http.setExecutor(admin.threads);
        http.start();
        // Retired vendors (replaced by a save) are closed once the calls that used them have ended.
        sweeper.scheduleWithFixedDelay(vendors::closeIdle, 5, 5, TimeUnit.SECONDS);
        LOG.info("admin page on http://{}:{}/admin/", config.bind(), admin.port());
        return admin;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void serve(AdminExchange ex) throws IOException {
        try {
            route(ex);
        } catch (AdminExchange.BodyTooLarge e) {
            ex.html(413, Html.page("Too large", null, "<p>" + Html.esc(e.getMessage()) + "</p>"));
        } catch (IOException | RuntimeException e) {
            // The message only: a stack of a save could hold form values, and those can hold a key.
            LOG.warn("admin {} {} failed: {}", ex.method(), ex.path(), e.toString());
            ex.html(500, Html.page("Error", null, "<p>Internal error; see the log.</p>"));
        }
    }

    private void route(AdminExchange ex) throws IOException {
        String path = ex.path();
        if (path.startsWith("/admin/static/")) {
            asset(ex, path.substring("/admin/static/".length()));
            return;
        }
        if (path.equals("/admin/login")) {
            login(ex);
            return;
        }
        Sessions.Session session = sessions.find(ex.cookie(Sessions.COOKIE));
        boolean loggedIn = session != null && session.loggedIn();
        if (path.startsWith(ServiceApi.PREFIX)) {
            apiCall(ex, loggedIn ? session : null);
            return;
        }
        if (!loggedIn) {
            if (ex.method().equals("GET")) {
                ex.redirect("/admin/login");
            } else {
                ex.html(403, Html.page("Forbidden", null, "<p>Log in first.</p>"));
            }
            return;
        }
        if (ex.method().equals("POST") && !session.csrf().equals(ex.form().get("csrf"))) {
            metrics.refusedCsrf.increment();
            ex.html(403, Html.page("Forbidden", null, "<p id=\"csrf-refused\">Missing or wrong CSRF token: nothing was "
                    + "changed. Reload the page and try again.</p>"));
            return;
        }
        if (ex.method().equals("POST") && path.equals("/admin/logout")) {
            sessions.remove(session.id());
            ex.setCookie(Sessions.expiredCookie());
            ex.redirect("/admin/login");
            return;
        }
        if (!pages.handle(ex, session)) {
            ex.html(404, Html.page("Not found", session.csrf(), "<p>No such page.</p>"));
        }
    }

    private void login(AdminExchange ex) throws IOException {
        Sessions.Session session = sessions.find(ex.cookie(Sessions.COOKIE));
        if (ex.method().equals("GET")) {
            if (session == null) {
                session = sessions.create(false);
                ex.setCookie(Sessions.cookie(session, behindTls(ex)));
            }
            ex.html(200, LoginPage.render(session.csrf(), null));
            return;
        }
        String source = ex.sourceAddress();
        if (limiter.blocked(source)) {
            metrics.refusedRateLimited.increment();
            ex.html(429, Html.page("Too many attempts", null, "<p id=\"login-error\">Too many failed logins from "
                    + Html.esc(source) + ": wait a minute.</p>"));
            return;
        }
        if (session == null || !session.csrf().equals(ex.form().get("csrf"))) {
            metrics.refusedCsrf.increment();
            ex.html(403, Html.page("Forbidden", null, "<p id=\"csrf-refused\">Missing or wrong CSRF token. "
                    + "<a href=\"/admin/login\">Log in again</a>.</p>"));
            return;
        }
        if (!PasswordHash.matches(ex.form().getOrDefault("password", "").toCharArray(), passwordHash)) {
            limiter.failed(source);
            metrics.refusedPassword.increment();
            LOG.info("admin login failed from {}", source);
            ex.html(401, LoginPage.render(session.csrf(), "Wrong password."));
            return;
        }
        limiter.succeeded(source);
        sessions.remove(session.id());
        ex.setCookie(Sessions.cookie(sessions.create(true), behindTls(ex)));
        LOG.info("admin login from {}", source);
        ex.redirect("/admin/speech");
    }

    /** The API: a logged-in session (changes need its CSRF token in {@value #CSRF_HEADER}), or the password. */
    private void apiCall(AdminExchange ex, Sessions.Session session) throws IOException {
        String authorization = ex.header("Authorization");
        if (session != null && authorization == null) {
            if (!ex.method().equals("GET") && !session.csrf().equals(ex.header(CSRF_HEADER))) {
                metrics.refusedCsrf.increment();
                ex.json(403, "{\"error\":\"missing or wrong " + CSRF_HEADER + " header\"}");
                return;
            }
            api.handle(ex);
            return;
        }
        String source = ex.sourceAddress();
        if (limiter.blocked(source)) {
            metrics.refusedRateLimited.increment();
            ex.json(429, "{\"error\":\"too many failed logins; wait a minute\"}");
            return;
        }
        String password = password(authorization);
        if (password == null || !PasswordHash.matches(password.toCharArray(), passwordHash)) {
            if (password != null) {
                limiter.failed(source);
                metrics.refusedPassword.increment();
            }
            ex.http.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"sayline-admin\"");
            ex.json(401, "{\"error\":\"log in: a session cookie, or the admin password as a bearer token or basic auth\"}");
            return;
        }
        api.handle(ex);
    }

    /**
     * Whether the browser reached a TLS reverse proxy in front of the page ({@code X-Forwarded-Proto: https}): the
     * cookie is then marked {@code Secure}. A forged header only makes the cookie stricter.
     */
    private static boolean behindTls(AdminExchange ex) {
        return "https".equalsIgnoreCase(ex.header("X-Forwarded-Proto"));
    }

    /** The password of {@code Bearer PASSWORD} or {@code Basic base64(ANY:PASSWORD)}; null for anything else. */
    static String password(String authorization) {
        if (authorization == null) {
            return null;
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return colon < 0 ? null : pair.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private void asset(AdminExchange ex, String name) throws IOException {
        String type = name.equals("admin.js") ? "text/javascript; charset=utf-8"
                : name.equals("admin.css") ? "text/css; charset=utf-8" : null;
        try (InputStream in = type == null ? null : AdminServer.class.getResourceAsStream(name)) {
            if (in == null) {
                ex.html(404, Html.page("Not found", null, "<p>No such file.</p>"));
                return;
            }
            ex.send(200, type, in.readAllBytes());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        sweeper.shutdownNow();
    }
}
