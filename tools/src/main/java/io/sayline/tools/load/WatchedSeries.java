package io.sayline.tools.load;

/**
 * The series a soak judges for an upward trend ({@link Flatness}), each with its unit and its absolute slack:
 * how far it may rise whatever its level, for series that move by a few with the calls live at a sample.
 */
enum WatchedSeries {
    /** Sockets, files, pipes, epoll and event fds: each call holds a few while live. */
    OPEN_FDS("open file descriptors", "fds", SoakSample.FDS, 1, 10),
    /** RTP, SIP, the bot's WebSocket and the vendor's connections. */
    SOCKETS("sockets", "sockets", SoakSample.SOCKETS, 1, 10),
    /** Fixed pools and one event loop per core: threads must not grow with calls. */
    THREADS("threads", "threads", SoakSample.THREADS, 1, 5),
    /**
     * What a full collection leaves: the live set. It swings by ±8 MB from one collection to the next at 20 calls
     * (audio in flight, the leak detector's records of every live buffer; measured in SoakSmokeTest).
     */
    HEAP_AFTER_GC("heap after full GC", "MB", SoakSample.HEAP_AFTER_GC_MB, 1, 4),
    /** Netty's pool takes direct memory in 4 MiB chunks and keeps them: two chunks of slack. */
    DIRECT_MEMORY("direct memory", "MB", "sayline_direct_memory_bytes", 1.0 / (1 << 20), 8),
    /** One even RTP port per live call. */
    RTP_PORTS("RTP ports in use", "ports", "sayline_rtp_ports_in_use", 1, 2),
    /** Calls Sayline still holds: one that never ends keeps its port, its bot socket and its memory. */
    CALLS_ACTIVE("calls active in Sayline", "calls", "sayline_calls_active", 1, 2);

    private final String label;
    private final String unit;
    private final String key;
    private final double scale;
    private final double slack;

    WatchedSeries(String label, String unit, String key, double scale, double slack) {
        this.label = label;
        this.unit = unit;
        this.key = key;
        this.scale = scale;
        this.slack = slack;
    }

    String label() {
        return label;
    }

    String unit() {
        return unit;
    }

    double slack() {
        return slack;
    }

    /** The series' value in a sample, in its unit; NaN when not measured then. */
    double of(SoakSample sample) {
        return sample.value(key) * scale;
    }
}
