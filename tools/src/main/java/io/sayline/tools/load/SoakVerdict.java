package io.sayline.tools.load;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a soak found. It passes when no call failed (on SIPp's side or Sayline's), Netty's leak detector reported
 * nothing (and no log line was dropped, which could have been a report), Sayline let go of every call and RTP port
 * once the calls were over, and every {@link WatchedSeries} stayed flat ({@link Flatness}).
 *
 * @param calls            calls the soak was to place
 * @param completed        calls SIPp completed
 * @param failedCalls      calls SIPp saw fail or never completed
 * @param gatewayFailed    calls Sayline ended with reason error ({@code sayline_calls_failed_total})
 * @param leakReports      lines with {@code LEAK:} in the gateway's log
 * @param firstLeak        the first of them, or null
 * @param logDropped       log lines the gateway dropped ({@code sayline_log_dropped_total})
 * @param released         {@code sayline_calls_active} and {@code sayline_rtp_ports_in_use} back at 0 after the calls
 * @param trends           each watched series' levels and verdict
 */
record SoakVerdict(int calls, int completed, int failedCalls, long gatewayFailed, long leakReports, String firstLeak,
                   long logDropped, boolean released, Map<WatchedSeries, Flatness> trends) {

    static Map<WatchedSeries, Flatness> trends(List<SoakSample> samples) {
        Map<WatchedSeries, Flatness> trends = new EnumMap<>(WatchedSeries.class);
        for (WatchedSeries series : WatchedSeries.values()) {
            trends.put(series, Flatness.of(samples.stream().mapToDouble(series::of).toArray(), series.slack()));
        }
        return trends;
    }

    boolean passed() {
        return reasons().isEmpty();
    }

    /** Why it failed, one phrase per reason; empty when it passed. */
    List<String> reasons() {
        List<String> reasons = new ArrayList<>();
        if (failedCalls > 0 || completed < calls) {
            reasons.add((calls - completed) + " call(s) not completed");
        }
        if (gatewayFailed > 0) {
            reasons.add(gatewayFailed + " call(s) ended with error in Sayline");
        }
        if (leakReports > 0) {
            reasons.add(leakReports + " Netty leak report(s)");
        }
        if (logDropped > 0) {
            reasons.add(logDropped + " gateway log line(s) dropped: a leak report may be among them");
        }
        if (!released) {
            reasons.add("calls or RTP ports still held after the last call");
        }
        trends.forEach((series, flatness) -> {
            if (!flatness.flat()) {
                reasons.add(series.label() + (flatness.enoughSamples() ? " rising" : " has too few samples"));
            }
        });
        return reasons;
    }
}
