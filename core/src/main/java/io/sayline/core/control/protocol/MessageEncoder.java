package io.sayline.core.control.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@link Event} and {@link Command} → JSON text, {@code type} first. Optional fields that are null are
 * left out, except where the protocol gives null a meaning ({@code tts.error.fallback}, {@code error.ref}).
 */
final class MessageEncoder {
    private final ObjectMapper mapper;

    MessageEncoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String encode(Event event) {
        ObjectNode node = mapper.createObjectNode().put("type", event.type());
        if (event instanceof Event.SessionStart e) {
            putIfSet(node, "callId", e.callId());
            putIfSet(node, "from", e.from());
            putIfSet(node, "to", e.to());
            putIfSet(node, "sipCallId", e.sipCallId());
            ObjectNode headers = node.putObject("headers");
            e.headers().forEach(headers::put);
            putIfSet(node, "codec", e.codec());
            node.putObject("tts").put("vendor", e.tts().vendor()).put("voice", e.tts().voice());
            if (e.resumed() != null) {
                node.put("resumed", e.resumed());
            }
            node.put("protocolVersion", ControlCodec.PROTOCOL_VERSION);
        } else if (event instanceof Event.SpeechStarted e) {
            node.put("utteranceId", e.utteranceId()).put("ttfaMs", e.ttfaMs());
        } else if (event instanceof Event.SpeechDone e) {
            node.put("utteranceId", e.utteranceId()).put("playedMs", e.playedMs());
            Event.Latency l = e.latency();
            node.putObject("latency").put("ttfaMs", l.ttfaMs()).put("vendorFirstByteMs", l.vendorFirstByteMs())
                    .put("overheadMs", l.overheadMs()).put("underrunMs", l.underrunMs())
                    .put("playoutWaitMs", l.playoutWaitMs());
        } else if (event instanceof Event.SpeechInterrupted e) {
            node.put("utteranceId", e.utteranceId()).put("reason", e.reason().wireName())
                    .put("heardText", e.heardText()).put("playedMs", e.playedMs());
            if (e.estimated() != null) {
                node.put("estimated", e.estimated());
            }
            putIfSet(node, "transcript", e.transcript());
        } else if (event instanceof Event.Mark e) {
            node.put("name", e.name());
        } else if (event instanceof Event.Dtmf e) {
            node.put("digit", e.digit()).put("durationMs", e.durationMs());
        } else if (event instanceof Event.TtsError e) {
            node.put("utteranceId", e.utteranceId()).put("code", e.code()).put("message", e.message())
                    .put("fallback", e.fallback());
        } else if (event instanceof Event.Backpressure e) {
            node.put("state", e.state().wireName()).put("bufferedChars", e.bufferedChars());
        } else if (event instanceof Event.Error e) {
            node.put("code", e.code()).put("message", e.message()).put("ref", e.ref());
        } else if (event instanceof Event.Transcript e) {
            node.put("text", e.text()).put("final", e.isFinal()).put("startMs", e.startMs()).put("endMs", e.endMs());
            putIfSet(node, "language", e.language());
            if (e.words() != null) {
                var words = node.putArray("words");
                e.words().forEach(w -> words.addObject().put("text", w.text()).put("startMs", w.startMs())
                        .put("endMs", w.endMs()));
            }
        } else if (event instanceof Event.SttError e) {
            node.put("code", e.code()).put("message", e.message());
            putIfSet(node, "stt", e.stt());
            node.put("retrying", e.retrying());
        } else if (event instanceof Event.ListenOverflow e) {
            node.put("dropped", e.dropped());
        } else if (event instanceof Event.SessionEnd e) {
            node.put("reason", e.reason().wireName()).put("durationMs", e.durationMs());
        }
        return write(node);
    }

    String encode(Command command) {
        ObjectNode node = mapper.createObjectNode().put("type", command.type());
        if (command instanceof Command.Say c) {
            node.put("text", c.text());
            putIfSet(node, "utteranceId", c.utteranceId());
            node.put("last", c.last()).put("interruptible", c.interruptible().wireName())
                    .put("preemptible", c.preemptible());
        } else if (command instanceof Command.Mark c) {
            node.put("name", c.name());
        } else if (command instanceof Command.Dtmf c) {
            node.put("digits", c.digits());
        } else if (command instanceof Command.Configure c) {
            node.set("tts", mapper.valueToTree(c.tts()));
        } else if (command instanceof Command.Hangup c) {
            putIfSet(node, "reason", c.reason());
        } else if (command instanceof Command.Transfer c) {
            node.put("target", c.target());
        } else if (command instanceof Command.Transcribe c) {
            node.put("enabled", c.enabled());
            putIfSet(node, "stt", c.stt());
            putIfSet(node, "language", c.language());
        } else if (command instanceof Command.Listen c) {
            node.put("enabled", c.enabled());
            if (c.enabled()) {
                node.put("format", c.format().wireName()).put("rate", c.rate());
            }
        }
        return write(node);
    }

    private static void putIfSet(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    private String write(ObjectNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // A tree of strings, numbers and booleans always serialises; reaching here is a bug.
            throw new IllegalStateException("cannot serialise " + node.get("type"), e);
        }
    }
}
