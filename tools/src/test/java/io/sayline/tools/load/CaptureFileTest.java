package io.sayline.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureFileTest {
    @TempDir
    Path memory;
    @TempDir
    Path out;

    @Test
    void aPacketIsSizedAsAMinuteOfOneThousandCallsMeasuredIt() {
        assertEquals(248, CaptureFile.BYTES_PER_PACKET); // 709 MB for 3.0 million packets
    }

    @Test
    void aCaptureThatFitsIsWrittenInMemoryAndDeletedAfterwards() throws IOException {
        CaptureFile capture = CaptureFile.choose(memory, out, 1_000);
        assertTrue(capture.inMemory());
        assertEquals(memory, capture.file().getParent().getParent());
        capture.createDirectory();
        Files.writeString(capture.file(), "packets");

        capture.finish(false, out);

        assertFalse(Files.exists(capture.file().getParent()), "its directory in memory is gone too");
        assertFalse(Files.exists(out.resolve(CaptureFile.NAME)));
    }

    @Test
    void aKeptCaptureMovesFromMemoryToTheOutputDirectory() throws IOException {
        CaptureFile capture = CaptureFile.choose(memory, out, 1_000);
        capture.createDirectory();
        Files.writeString(capture.file(), "packets");

        capture.finish(true, out);

        assertEquals("packets", Files.readString(out.resolve(CaptureFile.NAME)));
        assertFalse(Files.exists(capture.file().getParent()));
    }

    @Test
    void aCaptureTooLargeForMemoryIsWrittenToTheOutputDirectory() throws IOException {
        CaptureFile capture = CaptureFile.choose(memory, out, Long.MAX_VALUE / 4);
        assertFalse(capture.inMemory());
        assertEquals(out.resolve(CaptureFile.NAME), capture.file());
        capture.createDirectory();
        Files.writeString(capture.file(), "packets");

        capture.finish(true, out);

        assertEquals("packets", Files.readString(out.resolve(CaptureFile.NAME)));
    }

    @Test
    void withoutAMemoryDirectoryTheCaptureGoesToDisk() throws IOException {
        CaptureFile capture = CaptureFile.choose(memory.resolve("absent"), out, 1_000);

        assertFalse(capture.inMemory());
        assertEquals(out.resolve(CaptureFile.NAME), capture.file());
    }
}
