package io.sayline.core.admin;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Browser sessions of the admin page: a random id in a cookie ({@code HttpOnly}, {@code SameSite=Strict}, path
 * {@code /admin}), each with its own CSRF token that every form and every state-changing API call must carry.
 * A session that logs in gets a new id (no session fixation). Bounded: at most {@link #MAX_SESSIONS}, the least
 * recently used dropped first; idle ones expire after {@link #IDLE_NANOS}. Thread-safe.
 */
final class Sessions {
    static final String COOKIE = "sayline_admin";
    static final int MAX_SESSIONS = 256;
    static final long IDLE_NANOS = 30L * 60 * 1_000_000_000L;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One browser; {@code loggedIn} false before the password was given (the login form's CSRF lives here). */
    record Session(String id, String csrf, boolean loggedIn, long lastSeenNanos) {
    }

    private final Map<String, Session> sessions = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    /** The live session named by {@code id}, refreshed; null when unknown or expired. */
    synchronized Session find(String id) {
        if (id == null) {
            return null;
        }
        Session session = sessions.get(id);
        long now = System.nanoTime();
        if (session == null || now - session.lastSeenNanos() > IDLE_NANOS) {
            sessions.remove(id);
            return null;
        }
        Session seen = new Session(session.id(), session.csrf(), session.loggedIn(), now);
        sessions.put(id, seen);
        return seen;
    }

    synchronized Session create(boolean loggedIn) {
        Session session = new Session(token(), token(), loggedIn, System.nanoTime());
        sessions.put(session.id(), session);
        return session;
    }

    synchronized void remove(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** @param secure the browser speaks HTTPS (to a reverse proxy): the cookie is never sent over plain HTTP */
    static String cookie(Session session, boolean secure) {
        return COOKIE + "=" + session.id() + "; Path=/admin; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    static String expiredCookie() {
        return COOKIE + "=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0";
    }

    private static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
