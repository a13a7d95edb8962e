package io.sayline.core.tts.elevenlabs.warmup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sayline.rtp.g711.G711Codec;
import io.sayline.rtp.transcode.AudioFormat;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * What the loopback vendor says for a text: a quiet tone in the requested output format, in chunks of the size
 * ElevenLabs sends (about 200 ms), each with the alignment of the characters it carries, as the HTTP
 * with-timestamps lines and the WebSocket messages spell them (docs/elevenlabs.md). A tone rather than silence, so
 * that decoding, resampling and G.711 run on the values real speech gives them.
 */
final class SpokenChunks {
    static final int CHUNK_MS = 200;
    /** About the pace of speech: a 60-character sentence lasts 3.6 s. */
    static final int MS_PER_CHARACTER = 60;
    private static final int TONE_HZ = 440;
    private static final double AMPLITUDE = 0.1 * Short.MAX_VALUE;
    private static final double MS_PER_SECOND = 1000.0;

    /** One chunk's audio and the characters it speaks, with their times from the chunk's first sample. */
    record Chunk(byte[] audio, String audioBase64, List<String> characters, int[] startMs, int[] durationMs) {
    }

    private final byte[] chunkAudio;
    /** Every chunk carries the same tone: encoded once, not for each of the warm-up's 16,000 chunks. */
    private final String chunkBase64;

    /** @throws IllegalArgumentException for MP3, which this stand-in cannot encode */
    SpokenChunks(AudioFormat format) {
        this.chunkAudio = tone(format);
        this.chunkBase64 = Base64.getEncoder().encodeToString(chunkAudio);
    }

    /** The chunks of {@code text}: one per 200 ms of its speech, at least one. */
    List<Chunk> of(String text) {
        int[] codePoints = text.strip().codePoints().toArray();
        int count = Math.max(1, (codePoints.length * MS_PER_CHARACTER + CHUNK_MS - 1) / CHUNK_MS);
        List<Chunk> chunks = new ArrayList<>(count);
        for (int c = 0; c < count; c++) {
            int from = codePoints.length * c / count;
            int to = codePoints.length * (c + 1) / count;
            List<String> characters = new ArrayList<>(to - from);
            int[] startMs = new int[to - from];
            int[] durationMs = new int[to - from];
            for (int i = from; i < to; i++) {
                characters.add(new String(codePoints, i, 1));
                startMs[i - from] = (i - from) * CHUNK_MS / (to - from);
                durationMs[i - from] = CHUNK_MS / (to - from);
            }
            chunks.add(new Chunk(chunkAudio, chunkBase64, characters, startMs, durationMs));
        }
        return chunks;
    }

    /** A {@code /stream/with-timestamps} line, without its newline. */
    static String timestampsLine(ObjectMapper json, Chunk chunk) {
        ObjectNode line = json.createObjectNode();
        line.put("audio_base64", chunk.audioBase64());
        putAlignment(line, chunk, Spelling.HTTP);
        return line.toString();
    }

    /** A WebSocket audio message; {@code contextId} null on a single-context socket. */
    static String socketMessage(ObjectMapper json, Chunk chunk, String contextId) {
        ObjectNode message = json.createObjectNode();
        message.put("audio", chunk.audioBase64());
        putAlignment(message, chunk, Spelling.SOCKET);
        if (contextId != null) {
            message.put("contextId", contextId);
        }
        return message.toString();
    }

    /** How an endpoint spells alignment: HTTP in seconds with end times, WebSocket in ms with durations. */
    private record Spelling(String characters, String starts, String ends) {
        static final Spelling HTTP = new Spelling("characters", "character_start_times_seconds",
                "character_end_times_seconds");
        static final Spelling SOCKET = new Spelling("chars", "charStartTimesMs", "charDurationsMs");
    }

    private static void putAlignment(ObjectNode message, Chunk chunk, Spelling spelling) {
        ObjectNode alignment = message.putObject("alignment");
        ArrayNode characters = alignment.putArray(spelling.characters());
        ArrayNode starts = alignment.putArray(spelling.starts());
        ArrayNode ends = alignment.putArray(spelling.ends());
        for (int i = 0; i < chunk.characters().size(); i++) {
            int startMs = chunk.startMs()[i];
            int durationMs = chunk.durationMs()[i];
            characters.add(chunk.characters().get(i));
            if (spelling.equals(Spelling.HTTP)) {
                starts.add(startMs / MS_PER_SECOND);
                ends.add((startMs + durationMs) / MS_PER_SECOND);
            } else {
                starts.add(startMs);
                ends.add(durationMs);
            }
        }
    }

    /** The message that ends a socket's or a context's audio. */
    static String finalMessage(ObjectMapper json, String contextId) {
        ObjectNode message = json.createObjectNode();
        message.put("isFinal", true);
        if (contextId != null) {
            message.put("contextId", contextId);
        }
        return message.toString();
    }

    private static byte[] tone(AudioFormat format) {
        int samples = format.sampleRate() * CHUNK_MS / (int) MS_PER_SECOND;
        boolean g711 = format.encoding() == AudioFormat.Encoding.ULAW || format.encoding() == AudioFormat.Encoding.ALAW;
        if (!g711 && format.encoding() != AudioFormat.Encoding.PCM_S16LE) {
            throw new IllegalArgumentException(format + " is not PCM or G.711");
        }
        G711Codec codec = format.encoding() == AudioFormat.Encoding.ALAW ? G711Codec.PCMA : G711Codec.PCMU;
        byte[] audio = new byte[g711 ? samples : samples * 2];
        for (int i = 0; i < samples; i++) {
            short sample = (short) (AMPLITUDE * Math.sin(2 * Math.PI * TONE_HZ * i / format.sampleRate()));
            if (g711) {
                audio[i] = codec.encode(sample);
            } else {
                audio[2 * i] = (byte) sample;
                audio[2 * i + 1] = (byte) (sample >> 8);
            }
        }
        return audio;
    }
}
