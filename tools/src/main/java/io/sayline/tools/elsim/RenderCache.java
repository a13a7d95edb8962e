package io.sayline.tools.elsim;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Least-recently-used cache of rendered audio by (format, text). Benchmarks speak the same phrases over and
 * over; without it every mp3 generation would start an ffmpeg process. Bounded by entries and bytes.
 * Thread-safe (synthesis pool and event loops).
 */
final class RenderCache {
    static final int MAX_ENTRIES = 512;
    static final long MAX_BYTES = 64L << 20;

    private final Map<String, RenderedAudio> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    static String key(String text, OutputFormat format) {
        return format.name() + '\u0000' + text;
    }

    synchronized RenderedAudio get(String text, OutputFormat format) {
        return entries.get(key(text, format));
    }

    synchronized void put(String text, OutputFormat format, RenderedAudio audio) {
        if (audio.bytes().length > MAX_BYTES / 4) {
            return;
        }
        RenderedAudio old = entries.put(key(text, format), audio);
        bytes += audio.bytes().length - (old == null ? 0 : old.bytes().length);
        Iterator<RenderedAudio> eldest = entries.values().iterator();
        while ((entries.size() > MAX_ENTRIES || bytes > MAX_BYTES) && eldest.hasNext()) {
            bytes -= eldest.next().bytes().length;
            eldest.remove();
        }
    }
}
