package io.sayline.rtp.transcode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavReaderTest {
    @Test
    void readsSixteenBitMonoPcmAtEverySupportedRate() {
        for (int rate : AudioFormat.PCM_RATES) {
            byte[] data = {1, 2, 3, 4, 5, 6};
            WavReader.WavAudio audio = WavReader.read(wav(1, 1, rate, 16, data, true));
            assertEquals(new AudioFormat(AudioFormat.Encoding.PCM_S16LE, rate, 0), audio.format());
            assertArrayEquals(data, audio.data());
        }
    }

    @Test
    void readsG711WavsAsTheirEncoding() {
        assertEquals(AudioFormat.ULAW_8000, WavReader.read(wav(7, 1, 8000, 8, new byte[10], false)).format());
        assertEquals(AudioFormat.ALAW_8000, WavReader.read(wav(6, 1, 8000, 8, new byte[10], false)).format());
    }

    @Test
    void skipsUnknownChunksBeforeTheData() {
        byte[] plain = wav(1, 1, 16000, 16, new byte[] {9, 9}, true);
        assertArrayEquals(new byte[] {9, 9}, WavReader.read(plain).data());
    }

    @Test
    void stereoIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WavReader.read(wav(1, 2, 16000, 16, new byte[8], false)));
        assertTrue(e.getMessage().contains("mono"), e.getMessage());
    }

    @Test
    void eightBitPcmIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WavReader.read(wav(1, 1, 16000, 8, new byte[8], false)));
        assertTrue(e.getMessage().contains("16-bit"), e.getMessage());
    }

    @Test
    void oddSampleRateIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WavReader.read(wav(1, 1, 11025, 16, new byte[8], false)));
        assertTrue(e.getMessage().contains("11025"), e.getMessage());
    }

    @Test
    void notAWavIsAClearError() {
        assertThrows(IllegalArgumentException.class, () -> WavReader.read("ID3 this is an mp3".getBytes()));
        assertThrows(IllegalArgumentException.class, () -> WavReader.read(new byte[3]));
    }

    @Test
    void readsAFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("prompt.wav");
        Files.write(good, wav(1, 1, 8000, 16, new byte[320], false));
        assertEquals(0.02, WavReader.read(good).seconds(), 1e-9);
        Path bad = dir.resolve("bad.wav");
        Files.write(bad, wav(3, 1, 8000, 32, new byte[320], false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WavReader.read(bad));
        assertTrue(e.getMessage().contains("bad.wav"), e.getMessage());
    }

    private static byte[] wav(int tag, int channels, int rate, int bits, byte[] data, boolean withListChunk) {
        int extra = withListChunk ? 8 + 5 + 1 : 0; // an odd-sized chunk needs its pad byte
        ByteBuffer b = ByteBuffer.allocate(12 + 24 + extra + 8 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(b.capacity() - 8).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) tag).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
        if (withListChunk) {
            b.put("LIST".getBytes()).putInt(5).put(new byte[] {1, 2, 3, 4, 5}).put((byte) 0);
        }
        b.put("data".getBytes()).putInt(data.length).put(data);
        return b.array();
    }
}
