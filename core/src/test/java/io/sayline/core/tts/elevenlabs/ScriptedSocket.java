package io.sayline.core.tts.elevenlabs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

import java.io.IOException;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/** The vendor's end of a MockWebServer WebSocket: records what the client sent, answers by script. */
final class ScriptedSocket extends WebSocketListener {
    static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final BiConsumer<WebSocket, JsonNode> script;

    ScriptedSocket(BiConsumer<WebSocket, JsonNode> script) {
        this.script = script;
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        received.add(text);
        try {
            script.accept(webSocket, JSON.readTree(text));
        } catch (IOException e) {
            throw new AssertionError("client sent bad JSON: " + text, e);
        }
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        webSocket.close(1000, null);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        received.add("(failure " + t + ")");
    }

    /** The next message the client sent, within five seconds. */
    JsonNode next() throws InterruptedException, IOException {
        String text = received.poll(5, TimeUnit.SECONDS);
        if (text == null) {
            throw new AssertionError("client sent nothing more");
        }
        return JSON.readTree(text);
    }

    /** Skips messages until one matches, within five seconds. */
    JsonNode nextMatching(java.util.function.Predicate<JsonNode> match) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            String text = received.poll(100, TimeUnit.MILLISECONDS);
            if (text != null && match.test(JSON.readTree(text))) {
                return JSON.readTree(text);
            }
        }
        throw new AssertionError("no matching client message");
    }

    /** An audio message; {@code durationsKey} picks the vendor's spelling. */
    static String audio(byte[] audio, String contextKey, String contextId, String chars, int[] starts, int[] durations,
                        String durationsKey) {
        ObjectNode message = JSON.createObjectNode();
        message.put("audio", Base64.getEncoder().encodeToString(audio));
        message.put("isFinal", false);
        if (contextId != null) {
            message.put(contextKey, contextId);
        }
        if (chars != null) {
            ObjectNode alignment = message.putObject("alignment");
            var charArray = alignment.putArray("chars");
            chars.chars().forEach(c -> charArray.add(String.valueOf((char) c)));
            var startArray = alignment.putArray("charStartTimesMs");
            var durationArray = alignment.putArray(durationsKey);
            for (int i = 0; i < starts.length; i++) {
                startArray.add(starts[i]);
                durationArray.add(durations[i]);
            }
        }
        return message.toString();
    }

    static String fin(String contextKey, String contextId, String finalKey) {
        ObjectNode message = JSON.createObjectNode();
        message.put(finalKey, true);
        if (contextId != null) {
            message.put(contextKey, contextId);
        }
        return message.toString();
    }
}
