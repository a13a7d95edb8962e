package io.sayline.rtp.transcode;

/**
 * Reassembles whole MP3 frames from chunks split anywhere: finds the sync word, reads the frame
 * length from the header, waits until the frame is complete. Skips a leading ID3v2 tag and any bytes
 * that are not a frame (counting each run of junk once).
 */
final class Mp3FrameSplitter {
    /** Receives one complete frame; the array is reused after the call. */
    interface FrameConsumer {
        void frame(byte[] data, int off, int len, Mp3FrameHeader header);
    }

    /** Largest Layer III frame: 320 kbit/s at 32 kHz with padding is 1441 bytes. */
    private static final int MAX_FRAME = 1441;
    private static final int CAPACITY = 4 * MAX_FRAME;
    private static final int ID3_HEADER = 10;
    /** ID3v2 tags can be large (cover art); anything bigger than this is treated as junk. */
    private static final int MAX_ID3_TAG = 1 << 20;

    private final byte[] buffer = new byte[CAPACITY];
    private int start;
    private int end;
    private long skipRemaining;
    private boolean atStreamStart = true;
    private boolean inJunk;
    private long junkRuns;

    void write(byte[] chunk, int off, int len, FrameConsumer consumer) {
        int done = 0;
        while (done < len) {
            compact();
            int take = Math.min(CAPACITY - end, len - done);
            System.arraycopy(chunk, off + done, buffer, end, take);
            end += take;
            done += take;
            drain(consumer);
        }
    }

    /** Bytes still held at the end of the stream are an incomplete frame: dropped and counted. */
    void end() {
        if (end > start) {
            junkRuns++;
        }
        start = 0;
        end = 0;
    }

    /** Runs of bytes that were not MP3 frames, plus a truncated last frame. */
    long junkRuns() {
        return junkRuns;
    }

    private void drain(FrameConsumer consumer) {
        while (true) {
            if (skipRemaining > 0) {
                int skip = (int) Math.min(skipRemaining, end - start);
                start += skip;
                skipRemaining -= skip;
                if (skipRemaining > 0) {
                    return;
                }
            }
            if (end - start < Mp3FrameHeader.SIZE) {
                return;
            }
            if (atStreamStart && buffer[start] == 'I') {
                if (end - start < ID3_HEADER) {
                    return;
                }
                atStreamStart = false;
                if (buffer[start + 1] == 'D' && buffer[start + 2] == '3') {
                    // ID3v2 size: four 7-bit "syncsafe" bytes, excluding the 10-byte header (id3.org, ID3v2.4 §3.1).
                    long size = ((buffer[start + 6] & 0x7F) << 21) | ((buffer[start + 7] & 0x7F) << 14)
                            | ((buffer[start + 8] & 0x7F) << 7) | (buffer[start + 9] & 0x7F);
                    if (size <= MAX_ID3_TAG) {
                        skipRemaining = ID3_HEADER + size;
                        continue;
                    }
                }
            }
            atStreamStart = false;
            Mp3FrameHeader header = Mp3FrameHeader.parse(buffer, start);
            if (header == null) {
                if (!inJunk) {
                    inJunk = true;
                    junkRuns++;
                }
                start++;
                continue;
            }
            if (end - start < header.frameLength()) {
                return;
            }
            inJunk = false;
            consumer.frame(buffer, start, header.frameLength(), header);
            start += header.frameLength();
        }
    }

    private void compact() {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
    }
}
