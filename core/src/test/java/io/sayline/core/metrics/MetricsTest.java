package io.sayline.core.metrics;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void rendersCountersGaugesAndCumulativeHistogramsInPrometheusText() {
        Metrics metrics = new Metrics();
        metrics.counter("sayline_calls_total", "Calls answered.").add(3);
        metrics.gauge("sayline_calls_active", "Live calls.", () -> 2);
        metrics.counterOf("sayline_sip_unparseable_total", "Kept by the SIP stack.", () -> 7);
        Metrics.Histogram ttfa = metrics.histogram("sayline_ttfa_seconds", "Time to first audio.", 0.1, 0.5);
        ttfa.observe(0.05);
        ttfa.observe(0.3);
        ttfa.observe(2);
        String text = metrics.render();
        assertTrue(text.contains("# TYPE sayline_calls_total counter\nsayline_calls_total 3\n"), text);
        assertTrue(text.contains("sayline_calls_active 2.0\n"), text);
        assertTrue(text.contains("# TYPE sayline_sip_unparseable_total counter\nsayline_sip_unparseable_total 7\n"), text);
        assertTrue(text.contains("sayline_ttfa_seconds_bucket{le=\"0.1\"} 1\n"), text);
        assertTrue(text.contains("sayline_ttfa_seconds_bucket{le=\"0.5\"} 2\n"), text);
        assertTrue(text.contains("sayline_ttfa_seconds_bucket{le=\"+Inf\"} 3\n"), text);
        assertTrue(text.contains("sayline_ttfa_seconds_count 3\n"), text);
    }

    @Test
    void labelledSeriesShareOneHeaderAndEscapeTheirValues() {
        Metrics metrics = new Metrics();
        metrics.counter("sayline_tts_errors_total", "Vendor errors.", Labels.of("code", "timeout")).add(2);
        metrics.counter("sayline_tts_errors_total", "Vendor errors.", Labels.of("code", "auth")).increment();
        metrics.gauges("sayline_calls_by_route", "Live calls by route.",
                () -> java.util.Map.of(Labels.of("route", "^1\\d\"x"), 4));
        String text = metrics.render();
        assertTrue(text.contains("# TYPE sayline_tts_errors_total counter\n"
                + "sayline_tts_errors_total{code=\"auth\"} 1\n"
                + "sayline_tts_errors_total{code=\"timeout\"} 2\n"), text);
        assertTrue(text.contains("sayline_calls_by_route{route=\"^1\\\\d\\\"x\"} 4\n"), text);
    }

    @Test
    void askingTwiceForACounterGivesTheSameOne() {
        Metrics metrics = new Metrics();
        assertSame(metrics.counter("a_total", "a"), metrics.counter("a_total", "a"));
    }

    @Test
    void histogramBoundsMustAscend() {
        assertThrows(IllegalArgumentException.class, () -> new Metrics().histogram("h", "h", 1, 1));
    }
}
