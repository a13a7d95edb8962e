package io.sayline.core.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingFileTest {
    @TempDir
    Path dir;

    @Test
    void rotatesBeforeALineWouldPassTheLimitAndKeepsTheNewestFiles() throws IOException {
        Path path = dir.resolve("calls.jsonl");
        try (RotatingFile file = new RotatingFile(path, 10, 2)) {
            for (int i = 0; i < 5; i++) {
                file.write(("line" + i + "\n").getBytes(StandardCharsets.UTF_8)); // 6 bytes: one line per file
            }
        }
        assertEquals("line4\n", Files.readString(path));
        assertEquals("line3\n", Files.readString(dir.resolve("calls.jsonl.1")));
        assertEquals("line2\n", Files.readString(dir.resolve("calls.jsonl.2")));
        assertFalse(Files.exists(dir.resolve("calls.jsonl.3")), "only keep=2 rotated files");
    }

    @Test
    void linesAreNeverSplitAndAnExistingFileIsAppendedTo() throws IOException {
        Path path = dir.resolve("calls.jsonl");
        Files.writeString(path, "old\n");
        try (RotatingFile file = new RotatingFile(path, 12, 1)) {
            file.write("abc\n".getBytes(StandardCharsets.UTF_8));
            file.write("defgh\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals("old\nabc\n", Files.readString(dir.resolve("calls.jsonl.1")));
        assertEquals("defgh\n", Files.readString(path));
    }

    @Test
    void keepZeroDeletesTheFullFile() throws IOException {
        Path path = dir.resolve("calls.jsonl");
        try (RotatingFile file = new RotatingFile(path, 8, 0)) {
            file.write("first\n".getBytes(StandardCharsets.UTF_8));
            file.write("second\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals("second\n", Files.readString(path));
        assertFalse(Files.exists(dir.resolve("calls.jsonl.1")));
    }
}
