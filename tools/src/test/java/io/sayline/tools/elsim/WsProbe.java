package io.sayline.tools.elsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/** An OkHttp WebSocket client that queues what the simulator sends, for step-by-step assertions. */
final class WsProbe extends WebSocketListener {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long WAIT_SECONDS = 10;

    /** One thing that happened: a text message, a close (code, reason) or a failure (with the HTTP status if any). */
    record Event(String text, int closeCode, String closeReason, Throwable failure, int httpStatus) {
        boolean isClose() {
            return closeCode != 0;
        }

        JsonNode json() {
            try {
                return MAPPER.readTree(text);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + text, e);
            }
        }
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final WebSocket socket;

    WsProbe(OkHttpClient client, Request request) {
        socket = client.newWebSocket(request, this);
    }

    void send(String json) {
        if (!socket.send(json)) {
            throw new AssertionError("socket refused to send " + json);
        }
    }

    Event next() throws InterruptedException {
        Event e = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("nothing received within " + WAIT_SECONDS + " s");
        }
        return e;
    }

    /** Next message, which must be a text message. */
    JsonNode nextJson() throws InterruptedException {
        Event e = next();
        if (e.text() == null) {
            throw new AssertionError("expected a message, got " + e);
        }
        return e.json();
    }

    /** Messages up to the close; returns them and leaves the close in {@code close[0]}. */
    List<JsonNode> untilClose(Event[] close) throws InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        while (true) {
            Event e = next();
            if (e.text() != null) {
                out.add(e.json());
            } else {
                close[0] = e;
                return out;
            }
        }
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        events.add(new Event(text, 0, null, null, 0));
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        events.add(new Event(null, code, reason, null, 0));
        webSocket.close(1000, null);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        events.add(new Event(null, 0, null, t, response == null ? 0 : response.code()));
    }
}
