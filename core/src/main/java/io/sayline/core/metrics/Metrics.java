package io.sayline.core.metrics;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The process's metrics, rendered as Prometheus text format 0.0.4 on {@code GET /metrics}.
 *
 * <p>Counters and histograms are lock-free ({@link LongAdder}) so any thread, the pacing loops
 * included, may update them without contention. Registration is idempotent: asking twice for the
 * same name (and labels) returns the same instrument. Names follow Prometheus conventions
 * ({@code sayline_*_total} for counters, base units seconds). Values that other components keep (the SIP
 * stack's counts, the media counters, the live calls) are read when {@code /metrics} is scraped.
 */
public final class Metrics {
    private final Map<String, Instrument> instruments = new ConcurrentSkipListMap<>();

    public Counter counter(String name, String help) {
        return counter(name, help, Labels.NONE);
    }

    /** One series of a labelled counter, e.g. {@code sayline_tts_errors_total{code="timeout"}}. */
    public Counter counter(String name, String help, Labels labels) {
        return family(name, help).series.computeIfAbsent(labels, l -> new Counter());
    }

    /**
     * Declares a labelled counter before its first series exists, so that {@code /metrics} (and a dashboard
     * checked against it) names it from the start.
     */
    public void counterFamily(String name, String help) {
        family(name, help);
    }

    private CounterFamily family(String name, String help) {
        return (CounterFamily) instruments.computeIfAbsent(name, n -> new CounterFamily(n, help));
    }

    public void gauge(String name, String help, DoubleSupplier value) {
        gauges(name, help, () -> Map.of(Labels.NONE, value.getAsDouble()));
    }

    /** A gauge whose series are computed when rendered, e.g. live calls by route. */
    public void gauges(String name, String help, Supplier<Map<Labels, ? extends Number>> series) {
        instruments.put(name, new Computed(name, help, "gauge", series));
    }

    /** A counter kept by another component (e.g. the SIP stack's drops), read when rendered. */
    public void counterOf(String name, String help, LongSupplier value) {
        countersOf(name, help, () -> Map.of(Labels.NONE, value.getAsLong()));
    }

    /** Counters kept by another component, one series per labels, read when rendered. */
    public void countersOf(String name, String help, Supplier<Map<Labels, ? extends Number>> series) {
        instruments.put(name, new Computed(name, help, "counter", series));
    }

    /** A histogram over the given upper bounds (ascending, in the metric's unit). */
    public Histogram histogram(String name, String help, double... bounds) {
        return (Histogram) instruments.computeIfAbsent(name, n -> new Histogram(n, help, bounds));
    }

    /** The text exposition of every instrument, sorted by name. */
    public String render() {
        StringBuilder out = new StringBuilder(8192);
        instruments.values().forEach(instrument -> instrument.render(out));
        return out.toString();
    }

    /** A bucket bound as people write it ({@code 0.0001}, {@code 1}), not in Java's {@code 1.0E-4}. */
    static String le(double bound) {
        return BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString();
    }

    /** One named instrument that can write itself in the exposition format. */
    interface Instrument {
        void render(StringBuilder out);
    }

    static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** A monotonically increasing count: one series of a counter. */
    public static final class Counter {
        private final LongAdder value = new LongAdder();

        public void increment() {
            value.increment();
        }

        public void add(long amount) {
            value.add(amount);
        }

        public long value() {
            return value.sum();
        }
    }

    private record CounterFamily(String name, String help, Map<Labels, Counter> series) implements Instrument {
        CounterFamily(String name, String help) {
            this(name, help, new ConcurrentHashMap<>());
        }

        @Override
        public void render(StringBuilder out) {
            header(out, name, help, "counter");
            new TreeMap<>(series).forEach((labels, counter) ->
                    out.append(name).append(labels.render()).append(' ').append(counter.value()).append('\n'));
        }
    }

    private record Computed(String name, String help, String type, Supplier<Map<Labels, ? extends Number>> series)
            implements Instrument {
        @Override
        public void render(StringBuilder out) {
            header(out, name, help, type);
            new TreeMap<>(series.get()).forEach((labels, value) -> {
                out.append(name).append(labels.render()).append(' ');
                if (value instanceof Double || value instanceof Float) {
                    out.append(value.doubleValue());
                } else {
                    out.append(value.longValue());
                }
                out.append('\n');
            });
        }
    }

    /** Cumulative buckets as Prometheus expects, plus sum and count. */
    public static final class Histogram implements Instrument {
        private final String name;
        private final String help;
        private final double[] bounds;
        private final LongAdder[] buckets;
        private final LongAdder count = new LongAdder();
        private final DoubleAdder sum = new DoubleAdder();

        Histogram(String name, String help, double[] bounds) {
            for (int i = 1; i < bounds.length; i++) {
                if (bounds[i] <= bounds[i - 1]) {
                    throw new IllegalArgumentException("histogram bounds must ascend, " + name);
                }
            }
            this.name = name;
            this.help = help;
            this.bounds = bounds.clone();
            this.buckets = new LongAdder[bounds.length];
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        public void observe(double value) {
            for (int i = 0; i < bounds.length; i++) {
                if (value <= bounds[i]) {
                    buckets[i].increment();
                    break;
                }
            }
            count.increment();
            sum.add(value);
        }

        public long count() {
            return count.sum();
        }

        @Override
        public void render(StringBuilder out) {
            header(out, name, help, "histogram");
            long cumulative = 0;
            for (int i = 0; i < bounds.length; i++) {
                cumulative += buckets[i].sum();
                out.append(name).append("_bucket{le=\"").append(le(bounds[i])).append("\"} ").append(cumulative).append('\n');
            }
            out.append(name).append("_bucket{le=\"+Inf\"} ").append(count.sum()).append('\n');
            out.append(name).append("_sum ").append(sum.sum()).append('\n');
            out.append(name).append("_count ").append(count.sum()).append('\n');
        }
    }
}
