package io.sayline.config;

/**
 * Call records: one JSON line per ended call (docs/call-records.md).
 *
 * @param path     file the lines are appended to, or null for none
 * @param stdout   also (or only) write each line to standard output
 * @param maxBytes the file is rotated ({@code path.1}, {@code path.2}, …) before it would grow past this
 * @param keep     rotated files kept; older ones are deleted
 */
public record RecordsConfig(String path, boolean stdout, long maxBytes, int keep) {
    public boolean enabled() {
        return path != null || stdout;
    }
}
