package io.sayline.core.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The process's metrics, rendered as Prometheus text format 0.0.4 on {@code GET /metrics}.
 *
 * <p>Counters and histograms are lock-free ({@link LongAdder}) so any thread, the pacing loops
 * included, may update them without contention. Registration is idempotent: asking twice for the
 * same name returns the same instrument. Names follow Prometheus conventions ({@code sayline_*_total}
 * for counters, base units seconds).
 */
public final class Metrics {
    private final Map<String, Instrument> instruments = new ConcurrentSkipListMap<>();

    public Counter counter(String name, String help) {
        return (Counter) instruments.computeIfAbsent(name, n -> new Counter(n, help));
    }

    public void gauge(String name, String help, DoubleSupplier value) {
        instruments.put(name, new Gauge(name, help, value));
    }

    /** A counter kept by another component (e.g. the SIP stack's drops), read when rendered. */
    public void counterOf(String name, String help, LongSupplier value) {
        instruments.put(name, new FunctionCounter(name, help, value));
    }

    /** A histogram over the given upper bounds (ascending, in the metric's unit). */
    public Histogram histogram(String name, String help, double... bounds) {
        return (Histogram) instruments.computeIfAbsent(name, n -> new Histogram(n, help, bounds));
    }

    /** The text exposition of every instrument, sorted by name. */
    public String render() {
        StringBuilder out = new StringBuilder(4096);
        instruments.values().forEach(instrument -> instrument.render(out));
        return out.toString();
    }

    /** One named instrument that can write itself in the exposition format. */
    interface Instrument {
        void render(StringBuilder out);
    }

    static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** A monotonically increasing count. */
    public static final class Counter implements Instrument {
        private final String name;
        private final String help;
        private final LongAdder value = new LongAdder();

        Counter(String name, String help) {
            this.name = name;
            this.help = help;
        }

        public void increment() {
            value.increment();
        }

        public void add(long amount) {
            value.add(amount);
        }

        public long value() {
            return value.sum();
        }

        @Override
        public void render(StringBuilder out) {
            header(out, name, help, "counter");
            out.append(name).append(' ').append(value.sum()).append('\n');
        }
    }

    private record FunctionCounter(String name, String help, LongSupplier value) implements Instrument {
        @Override
        public void render(StringBuilder out) {
            header(out, name, help, "counter");
            out.append(name).append(' ').append(value.getAsLong()).append('\n');
        }
    }

    private record Gauge(String name, String help, DoubleSupplier value) implements Instrument {
        @Override
        public void render(StringBuilder out) {
            header(out, name, help, "gauge");
            out.append(name).append(' ').append(value.getAsDouble()).append('\n');
        }
    }

    /** Cumulative buckets as Prometheus expects, plus sum and count. */
    public static final class Histogram implements Instrument {
        private final String name;
        private final String help;
        private final double[] bounds;
        private final LongAdder[] buckets;
        private final LongAdder count = new LongAdder();
        private final java.util.concurrent.atomic.DoubleAdder sum = new java.util.concurrent.atomic.DoubleAdder();

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
                out.append(name).append("_bucket{le=\"").append(bounds[i]).append("\"} ").append(cumulative).append('\n');
            }
            out.append(name).append("_bucket{le=\"+Inf\"} ").append(count.sum()).append('\n');
            out.append(name).append("_sum ").append(sum.sum()).append('\n');
            out.append(name).append("_count ").append(count.sum()).append('\n');
        }
    }
}
