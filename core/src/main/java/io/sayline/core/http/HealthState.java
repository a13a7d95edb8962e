package io.sayline.core.http;

/** What {@code GET /health} reports (DESIGN.md, run contract). */
public enum HealthState {
    /** Not every listener (SIP, RTP, HTTP) is bound yet: 503 {@code {"status":"starting"}}. */
    STARTING,
    /** SIP, RTP and HTTP are bound: 200 {@code {"status":"ok"}}. */
    READY,
    /** SIGTERM received; live calls finish, new ones are refused: 503 {@code {"status":"draining"}}. */
    DRAINING
}
