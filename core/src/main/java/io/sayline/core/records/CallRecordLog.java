package io.sayline.core.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.sayline.config.RecordsConfig;
import io.sayline.core.metrics.Metrics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes call records as JSON lines to a rotated file and/or standard output.
 *
 * <p>Calls end on their pacing loops, which must never wait for a disk: {@link #append} only queues the
 * record, and one thread of this class serialises and writes each record as soon as it arrives (so a
 * {@code kill -9} loses only the calls still live, plus at most the records of the last few
 * milliseconds). The queue is bounded; a record that does not fit, or that cannot be written, is counted
 * in {@code sayline_call_records_dropped_total} and logged, never silently lost.
 */
public final class CallRecordLog implements AutoCloseable {
    /** Records waiting to be written: a minute of ends at 150 calls/s before anything is dropped. */
    static final int QUEUE_CAPACITY = 10_000;
    private static final Logger log = LoggerFactory.getLogger(CallRecordLog.class);
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final BlockingQueue<CallRecord> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final RotatingFile file;
    private final PrintStream stdout;
    private final Metrics.Counter written;
    private final Metrics.Counter dropped;
    private final Thread writer;
    private volatile boolean closing;

    private CallRecordLog(RotatingFile file, PrintStream stdout, Metrics metrics) {
        this.file = file;
        this.stdout = stdout;
        this.written = written(metrics);
        this.dropped = dropped(metrics);
        this.writer = new Thread(this::writeUntilStopped, "call-records");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Opens the log the configuration asks for, or returns null when records are off.
     *
     * @throws IOException when the file cannot be opened (the server then refuses to start)
     */
    public static CallRecordLog open(RecordsConfig config, Metrics metrics, PrintStream stdout) throws IOException {
        written(metrics); // exported (as 0) with records off too: dashboards and alerts need not special-case it
        dropped(metrics);
        if (!config.enabled()) {
            return null;
        }
        RotatingFile file = config.path() == null ? null
                : new RotatingFile(Path.of(config.path()), config.maxBytes(), config.keep());
        return new CallRecordLog(file, config.stdout() ? stdout : null, metrics);
    }

    private static Metrics.Counter written(Metrics metrics) {
        return metrics.counter("sayline_call_records_written_total", "Call records written.");
    }

    private static Metrics.Counter dropped(Metrics metrics) {
        return metrics.counter("sayline_call_records_dropped_total",
                "Call records lost: queue full or write failed (each is also logged).");
    }

    /** Queues a record; never blocks. Any thread. */
    public void append(CallRecord record) {
        if (!queue.offer(record)) {
            dropped.increment();
            log.error("call record of call {} dropped: {} records are waiting to be written",
                    record.callId(), QUEUE_CAPACITY);
        }
    }

    private void writeUntilStopped() {
        while (!closing || !queue.isEmpty()) {
            try {
                CallRecord record = queue.poll(100, TimeUnit.MILLISECONDS);
                if (record != null) {
                    write(record);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void write(CallRecord record) {
        try {
            byte[] line = (JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
            if (file != null) {
                file.write(line);
            }
            if (stdout != null) {
                stdout.write(line);
                stdout.flush();
            }
            written.increment();
        } catch (IOException | RuntimeException e) {
            dropped.increment();
            log.error("call record of call {} not written: {}", record.callId(), e.toString());
        }
    }

    /** Writes what is queued, then closes the file. Called after the last call has ended. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                log.warn("call records file: {}", e.toString());
            }
        }
    }
}
