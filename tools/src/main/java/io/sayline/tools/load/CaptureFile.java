package io.sayline.tools.load;

import io.sayline.rtp.MediaFrame;
import io.sayline.rtp.packet.RtpPacket;
import io.sayline.tools.analyse.LinkLayer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where the packet capture is written: in memory ({@code /dev/shm}) when it has room for it, else into the output
 * directory. On disk, the ~700 MB a 1,000-call minute captures are flushed by the kernel's writeback about 30 s
 * after they were written ({@code vm.dirty_expire_centisecs}), and on the 2-core VM of docs/performance.md every
 * gateway thread, the {@code SCHED_FIFO} call loops too, fell 20-40 ms behind while it did: a spike in every run
 * at ~31 s and ~61 s that was the harness's writing, not Sayline's. After the analysis the file is deleted, or
 * moved to {@code OUT/rtp.pcapng} with {@code --keep-capture}.
 */
record CaptureFile(Path file, boolean inMemory) {
    static final String NAME = "rtp.pcapng";
    private static final Path MEMORY = Path.of("/dev/shm");
    /** A pcapng enhanced packet block around its packet: 28 bytes of fields before it, its length again after. */
    private static final int ENHANCED_PACKET_BLOCK = 32;
    /** What loopback carries for one 20 ms frame of G.711: Ethernet, IPv4, UDP and RTP headers, the payload. */
    private static final int FRAME_ON_LOOPBACK = LinkLayer.ETHERNET_HEADER + LinkLayer.IPV4_MIN_HEADER
            + LinkLayer.UDP_HEADER + RtpPacket.FIXED_HEADER_LENGTH + MediaFrame.BYTES;
    /** The frame as pcapng stores it, padded to 4 bytes: 248 (a 1,000-call minute measured 248 bytes a packet). */
    static final long BYTES_PER_PACKET = ENHANCED_PACKET_BLOCK + ((FRAME_ON_LOOPBACK + 3) & ~3);
    private static final long PACKETS_PER_SECOND = 1000 / MediaFrame.MS;

    /** In memory when {@code /dev/shm} has twice the room this run's capture should need. */
    static CaptureFile choose(Path outDir, int calls, int rate, int durationSeconds) throws IOException {
        long seconds = durationSeconds + (long) Math.ceil((double) calls / rate);
        return choose(MEMORY, outDir, calls * seconds * PACKETS_PER_SECOND * BYTES_PER_PACKET);
    }

    /** Decides only; the capture creates the file's directory when it starts ({@link #createDirectory()}). */
    static CaptureFile choose(Path memory, Path outDir, long expectedBytes) throws IOException {
        if (Files.isDirectory(memory) && Files.isWritable(memory)
                && Files.getFileStore(memory).getUsableSpace() / 2 > expectedBytes) {
            Path own = memory.resolve("sayline-capture." + ProcessHandle.current().pid() + "." + System.nanoTime());
            return new CaptureFile(own.resolve(NAME), true);
        }
        return new CaptureFile(outDir.resolve(NAME), false);
    }

    void createDirectory() throws IOException {
        Files.createDirectories(file.getParent());
    }

    /** Where it is written, for the summary. */
    String describe() {
        return inMemory ? "in memory (" + file.getParent() + ")" : "on disk (" + file + ")";
    }

    /** After the analysis: into {@code outDir} when kept, else gone (with its directory in memory). */
    void finish(boolean keep, Path outDir) {
        try {
            if (!keep) {
                Files.deleteIfExists(file);
            } else if (inMemory && Files.exists(file)) { // absent when the run failed before the capture began
                Files.move(file, outDir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING);
            }
            if (inMemory) {
                Files.deleteIfExists(file.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear away the capture " + file, e);
        }
    }
}
