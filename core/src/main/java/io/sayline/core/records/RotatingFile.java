package io.sayline.core.records;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An append-only file that is rotated by size, as logrotate's {@code rotate N} would: before a write would
 * take it past {@code maxBytes}, {@code PATH.N-1} becomes {@code PATH.N} (the oldest beyond {@code keep} is
 * deleted), …, {@code PATH} becomes {@code PATH.1}, and a new {@code PATH} is started. A line is never split
 * across two files. Not thread-safe: one writer thread owns it.
 *
 * <p>Each write goes straight to the kernel (an unbuffered {@link FileOutputStream}), so a line that was
 * written survives the process being killed.
 */
final class RotatingFile implements AutoCloseable {
    private final Path path;
    private final long maxBytes;
    private final int keep;
    private FileOutputStream out;
    private long size;

    RotatingFile(Path path, long maxBytes, int keep) throws IOException {
        this.path = path;
        this.maxBytes = maxBytes;
        this.keep = keep;
        open();
    }

    /** Appends whole lines; rotates first when they would not fit (a line longer than the limit gets a file of its own). */
    void write(byte[] lines) throws IOException {
        if (size > 0 && size + lines.length > maxBytes) {
            rotate();
        }
        out.write(lines);
        size += lines.length;
    }

    private void rotate() throws IOException {
        out.close();
        if (keep == 0) {
            Files.delete(path);
        } else {
            Files.deleteIfExists(numbered(keep));
            for (int n = keep - 1; n >= 1; n--) {
                if (Files.exists(numbered(n))) {
                    Files.move(numbered(n), numbered(n + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(path, numbered(1), StandardCopyOption.REPLACE_EXISTING);
        }
        open();
    }

    private Path numbered(int n) {
        return path.resolveSibling(path.getFileName() + "." + n);
    }

    private void open() throws IOException {
        out = new FileOutputStream(path.toFile(), true);
        size = Files.size(path);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
