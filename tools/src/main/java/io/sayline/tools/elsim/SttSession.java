package io.sayline.tools.elsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.sayline.rtp.g711.G711Codec;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One realtime speech-to-text WebSocket after the handshake: {@code session_started}, then
 * {@code input_audio_chunk} (or {@code commit}) messages checked as strictly as the vendor documents them, the
 * audio's energy fed to a {@link PhraseTracker} that answers with {@code partial_transcript} and
 * {@code committed_transcript} (and {@code committed_transcript_with_timestamps}), and the injected error of
 * {@link SttKnobs}. Runs on the socket's event loop ("guarded by socket loop").
 */
final class SttSession extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger LOG = LoggerFactory.getLogger(SttSession.class);
    static final int POLICY = 1008;
    static final int INTERNAL = 1011;
    /** Largest audio in one chunk (the vendor's {@code chunk_size_exceeded}): 2 s. */
    static final int MAX_CHUNK_MS = 2000;
    static final int MAX_PREVIOUS_TEXT = 50;
    private static final Set<String> CHUNK_FIELDS = Set.of("message_type", "audio_base_64", "commit", "sample_rate",
            "previous_text");

    private final SttState stt;
    private final SimState state;
    private final SttHandshake.Settings settings;
    private final long connectionId;
    private final boolean authenticated;
    private final boolean failThisSession;
    private final SttKnobs knobs;
    private final PhraseTracker tracker;
    private final double speechMeanSquare;
    // guarded by socket loop
    private ChannelHandlerContext ctx;
    private boolean anyChunk;
    private boolean closing;
    private byte[] pending = new byte[0];

    SttSession(SimState state, SttHandshake.Settings settings, long connectionId, boolean authenticated) {
        this.state = state;
        this.stt = state.stt;
        this.settings = settings;
        this.connectionId = connectionId;
        this.authenticated = authenticated;
        this.knobs = stt.knobs();
        this.failThisSession = stt.takeError();
        double full = 32768.0 * Math.pow(10, knobs.speechDbfs() / 20.0);
        this.speechMeanSquare = full * full;
        this.tracker = new PhraseTracker(stt.nextScript(), settings.minSpeechMs(), settings.silenceMs(),
                settings.vadCommits(), knobs.wordMs(), new Transcripts());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (!authenticated) {
            fail("auth_error", "Invalid or missing API key", POLICY);
            return;
        }
        ObjectNode started = message("session_started").put("session_id", UUID.randomUUID().toString().replace("-", ""));
        ObjectNode config = started.putObject("config");
        config.put("model_id", settings.modelId()).put("audio_format", settings.audioFormat())
                .put("commit_strategy", settings.vadCommits() ? "vad" : "manual")
                .put("vad_silence_threshold_secs", settings.silenceMs() / 1000.0)
                .put("vad_threshold", settings.vadThreshold())
                .put("min_speech_duration_ms", settings.minSpeechMs())
                .put("min_silence_duration_ms", settings.minSilenceMs())
                .put("include_timestamps", settings.includeTimestamps());
        if (settings.languageCode() != null) {
            config.put("language_code", settings.languageCode());
        }
        send(started);
        injectErrorIfDue();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof CloseWebSocketFrame) {
            closing = true;
            ctx.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
        } else if (frame instanceof PingWebSocketFrame ping) {
            ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
        } else if (frame instanceof TextWebSocketFrame text) {
            onText(text.text());
        } else if (!(frame instanceof PongWebSocketFrame)) {
            fail("input_error", "binary frames are not supported: send input_audio_chunk messages", POLICY);
        }
    }

    private void onText(String text) {
        JsonNode json = parse(text);
        state.record(RecordedRequest.Kind.WS_MESSAGE, connectionId, "WS", SimHttpHandler.STT_PATH, Map.of(), Map.of(),
                text, json);
        if (closing) {
            return;
        }
        if (json == null || !json.isObject()) {
            fail("input_error", "message is not a JSON object", POLICY);
            return;
        }
        String type = json.path("message_type").asText("");
        if (type.equals("commit") && json.size() == 1) {
            tracker.commit();
            return;
        }
        if (!type.equals("input_audio_chunk")) {
            fail("input_error", "unknown message_type '" + type + "'", POLICY);
            return;
        }
        String problem = chunkProblem(json);
        if (problem != null) {
            fail(problem.startsWith("chunk_size_exceeded") ? "chunk_size_exceeded" : "input_error",
                    problem.replaceFirst("^chunk_size_exceeded: ", ""), POLICY);
            return;
        }
        anyChunk = true;
        feed(Base64.getDecoder().decode(json.get("audio_base_64").asText()));
        if (json.path("commit").asBoolean(false)) {
            tracker.commit();
        }
        injectErrorIfDue();
    }

    /** What is wrong with an {@code input_audio_chunk}, or null. */
    String chunkProblem(JsonNode json) {
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!CHUNK_FIELDS.contains(name)) {
                return "unknown field '" + name + "'";
            }
        }
        JsonNode audio = json.get("audio_base_64");
        if (audio == null || !audio.isTextual()) {
            return "audio_base_64 is required and must be a string";
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(audio.asText());
        } catch (IllegalArgumentException e) {
            return "audio_base_64 is not valid base64";
        }
        int bytesPerSample = settings.ulaw() ? 1 : 2;
        if (bytes.length % bytesPerSample != 0) {
            return "pcm audio must hold whole 16-bit samples";
        }
        if (bytes.length / bytesPerSample > (long) settings.sampleRate() * MAX_CHUNK_MS / 1000) {
            return "chunk_size_exceeded: a chunk holds at most " + MAX_CHUNK_MS + " ms of audio";
        }
        JsonNode commit = json.get("commit");
        if (commit != null && !commit.isBoolean()) {
            return "commit must be a boolean";
        }
        JsonNode rate = json.get("sample_rate");
        if (rate != null && (!rate.canConvertToInt() || rate.asInt() != settings.sampleRate())) {
            return "sample_rate " + rate + " does not match audio_format " + settings.audioFormat();
        }
        JsonNode previous = json.get("previous_text");
        if (previous != null && (anyChunk || !previous.isTextual() || previous.asText().length() > MAX_PREVIOUS_TEXT)) {
            return "previous_text is allowed on the first chunk only, as text of at most " + MAX_PREVIOUS_TEXT
                    + " characters";
        }
        return null;
    }

    /** Cuts the audio into 20 ms blocks (keeping a partial block for the next chunk) and judges each one. */
    private void feed(byte[] audio) {
        int bytesPerSample = settings.ulaw() ? 1 : 2;
        int blockBytes = settings.sampleRate() / (1000 / PhraseTracker.BLOCK_MS) * bytesPerSample;
        byte[] all = new byte[pending.length + audio.length];
        System.arraycopy(pending, 0, all, 0, pending.length);
        System.arraycopy(audio, 0, all, pending.length, audio.length);
        int offset = 0;
        for (; offset + blockBytes <= all.length; offset += blockBytes) {
            tracker.block(loud(all, offset, blockBytes));
        }
        pending = java.util.Arrays.copyOfRange(all, offset, all.length);
    }

    private boolean loud(byte[] audio, int offset, int length) {
        double sum = 0;
        int samples = 0;
        for (int i = offset; i < offset + length; i += settings.ulaw() ? 1 : 2) {
            int sample = settings.ulaw() ? G711Codec.PCMU.decode(audio[i])
                    : (short) ((audio[i] & 0xff) | (audio[i + 1] << 8));
            sum += (double) sample * sample;
            samples++;
        }
        return sum >= speechMeanSquare * samples;
    }

    private void injectErrorIfDue() {
        if (failThisSession && !closing && tracker.positionMs() >= knobs.errorAfterMs()) {
            if (SttKnobs.CLOSE.equals(knobs.error())) {
                closing = true;
                ctx.writeAndFlush(new CloseWebSocketFrame(INTERNAL, "")).addListener(ChannelFutureListener.CLOSE);
            } else {
                fail(knobs.error(), "simulated " + knobs.error(), knobs.error().equals("transcriber_error") ? INTERNAL : POLICY);
            }
        }
    }

    /** Sends a vendor error message, then closes. */
    private void fail(String type, String text, int closeCode) {
        if (closing) {
            return;
        }
        send(message(type).put("error", text));
        closing = true;
        ctx.writeAndFlush(new CloseWebSocketFrame(closeCode, type)).addListener(ChannelFutureListener.CLOSE);
    }

    private ObjectNode message(String type) {
        return state.mapper.createObjectNode().put(knobs.typeDiscriminator() ? "type" : "message_type", type);
    }

    private void send(ObjectNode message) {
        ctx.writeAndFlush(new TextWebSocketFrame(message.toString()));
    }

    private JsonNode parse(String text) {
        try {
            return state.mapper.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closing = true;
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("el-sim stt {} error: {}", connectionId, cause.toString());
        ctx.close();
    }

    /** The tracker's transcripts as the vendor's messages. */
    private final class Transcripts implements PhraseTracker.Listener {
        @Override
        public void partial(String text) {
            if (!closing) {
                send(message("partial_transcript").put("text", text));
            }
        }

        @Override
        public void committed(String text, long startMs, long endMs) {
            if (closing) {
                return;
            }
            // Logged just before the write: a latency measured from here errs long, never short.
            stt.commitSent(new SttState.SttCommit(connectionId, text, System.nanoTime()));
            send(message("committed_transcript").put("text", text));
            if (settings.includeTimestamps()) {
                ObjectNode timed = message("committed_transcript_with_timestamps").put("text", text);
                if (settings.languageCode() != null || settings.includeLanguage()) {
                    timed.put("language_code", settings.languageCode() != null ? settings.languageCode() : "en");
                }
                words(timed.putArray("words"), text, startMs, endMs);
                send(timed);
            }
        }

        /** Spreads the words evenly over the phrase's speech, a spacing between each two. */
        private void words(ArrayNode out, String text, long startMs, long endMs) {
            List<String> words = List.of(text.split(" "));
            double each = (endMs - startMs) / 1000.0 / words.size();
            double at = startMs / 1000.0;
            for (int i = 0; i < words.size(); i++) {
                if (i > 0) {
                    out.addObject().put("text", " ").put("start", at).put("end", at).put("type", "spacing");
                }
                out.addObject().put("text", words.get(i)).put("start", at).put("end", at + each).put("type", "word")
                        .put("logprob", -0.05);
                at += each;
            }
        }
    }
}
