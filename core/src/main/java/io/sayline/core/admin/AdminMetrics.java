package io.sayline.core.admin;

import io.sayline.core.metrics.Labels;
import io.sayline.core.metrics.Metrics;

/** What the admin page counts, in {@code /metrics} (docs/operations.md, "Admin page"). */
public final class AdminMetrics {
    static final String SAVES = "sayline_admin_saves_total";
    static final String REFUSED = "sayline_admin_requests_refused_total";

    final Metrics.Counter savesApplied;
    final Metrics.Counter savesInvalid;
    final Metrics.Counter savesStale;
    final Metrics.Counter refusedCsrf;
    final Metrics.Counter refusedPassword;
    final Metrics.Counter refusedRateLimited;

    public AdminMetrics(Metrics metrics) {
        String saves = "Speech service saves (page and API) by result: applied, invalid (a value refused, nothing saved),"
                + " stale (someone saved in between, nothing saved).";
        savesApplied = metrics.counter(SAVES, saves, Labels.of("result", "applied"));
        savesInvalid = metrics.counter(SAVES, saves, Labels.of("result", "invalid"));
        savesStale = metrics.counter(SAVES, saves, Labels.of("result", "stale"));
        String refused = "Admin requests refused, by reason: csrf (missing or wrong token), password (wrong),"
                + " rate_limited (too many wrong passwords from the source).";
        refusedCsrf = metrics.counter(REFUSED, refused, Labels.of("reason", "csrf"));
        refusedPassword = metrics.counter(REFUSED, refused, Labels.of("reason", "password"));
        refusedRateLimited = metrics.counter(REFUSED, refused, Labels.of("reason", "rate_limited"));
    }
}
