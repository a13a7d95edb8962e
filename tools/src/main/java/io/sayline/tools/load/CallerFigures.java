package io.sayline.tools.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The caller side of a run with {@code --listen} and/or {@code --transcribe}: what the load bot heard, and
 * Sayline's own counters of it from {@code /metrics} (their growth over the calls: scraped before SIPp starts and
 * after it ends). On loopback nothing is lost on the wire, so every caller frame Sayline fills as lost
 * ({@code sayline_caller_frames_total{kind="lost-filled"}}) is one Sayline lost itself: issue #10 wants 0.
 *
 * @param listen     the bot's {@code --listen} format, or null
 * @param transcribe whether the bot asked for transcripts
 * @param sayline    series → growth during the calls, for the series of {@link #SERIES}
 */
record CallerFigures(String listen, boolean transcribe, BotTally.CallerHeard bot, Map<String, Double> sayline) {
    /** The /metrics families of the caller side: timeline, listen, speech-to-text. */
    static final List<String> SERIES = List.of("sayline_caller_frames_total", "sayline_caller_packets_dropped_total",
            "sayline_caller_timeline_discontinuities_total", "sayline_listen_frames_total", "sayline_stt_");
    static final String LOST_FILLED = "sayline_caller_frames_total{kind=\"lost-filled\"}";
    static final String OVERFLOW_DROPPED = "sayline_listen_frames_total{outcome=\"overflow-dropped\"}";

    static CallerFigures of(LoadCommand o, BotTally.CallerHeard bot, Map<String, Double> before,
                            Map<String, Double> after) {
        Map<String, Double> growth = new LinkedHashMap<>();
        after.forEach((series, value) -> {
            if (SERIES.stream().anyMatch(series::startsWith)) {
                growth.put(series, value - before.getOrDefault(series, 0.0));
            }
        });
        return new CallerFigures(o.listen, o.transcribe, bot, growth);
    }

    /** Sayline's growth of {@code series}; NaN when /metrics did not have it (or did not answer). */
    double saylineCount(String series) {
        return sayline.getOrDefault(series, Double.NaN);
    }

    /** Why the caller side fails the run, or an empty list when it passes. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        double lostFilled = saylineCount(LOST_FILLED);
        if (!(lostFilled == 0)) {
            problems.add(Double.isNaN(lostFilled) ? "no caller frame counters from /metrics"
                    : "Sayline filled " + (long) lostFilled + " caller frames as lost");
        }
        if (bot.lostFrames() > 0) {
            problems.add(bot.lostFrames() + " caller frames flagged lost");
        }
        if (listen != null) {
            if (bot.frames() == 0) {
                problems.add("the bot received no caller frames");
            }
            if (bot.sequenceGaps() > 0 || bot.overflowEvents() > 0 || saylineCount(OVERFLOW_DROPPED) > 0) {
                problems.add("listen frames dropped for the bot");
            }
        }
        if (transcribe) {
            if (bot.finals() == 0) {
                problems.add("no final transcripts");
            }
            if (bot.sttErrors() > 0) {
                problems.add(bot.sttErrors() + " stt.error events");
            }
        }
        return problems;
    }
}
