package io.sayline.core.control.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON object → {@link Event}, for the bot side of the channel (the built-in bots, test bots, tools).
 * Unknown enum names decode to their {@code UNKNOWN} constant so newer servers do not break older bots.
 */
final class EventDecoder {

    Event decode(String type, JsonNode node) throws JsonFields.Invalid {
        JsonFields f = new JsonFields(node, type);
        switch (type) {
            case Event.SessionStart.TYPE:
                return sessionStart(f);
            case Event.SpeechStarted.TYPE:
                return new Event.SpeechStarted(f.text("utteranceId"), f.integer("ttfaMs"));
            case Event.SpeechDone.TYPE:
                return speechDone(f);
            case Event.SpeechInterrupted.TYPE:
                return new Event.SpeechInterrupted(f.text("utteranceId"),
                        Event.InterruptReason.ofWire(f.text("reason")), f.optionalText("heardText", ""),
                        f.integer("playedMs"), f.optionalBoolean("estimated"), f.optionalText("transcript", null));
            case Event.Mark.TYPE:
                return new Event.Mark(f.text("name"));
            case Event.Dtmf.TYPE:
                return new Event.Dtmf(f.text("digit"), f.integer("durationMs"));
            case Event.TtsError.TYPE:
                return new Event.TtsError(f.optionalText("utteranceId", null), f.text("code"), f.text("message"),
                        f.optionalText("fallback", null));
            case Event.Backpressure.TYPE:
                return new Event.Backpressure(Event.BackpressureState.ofWire(f.text("state")),
                        f.integer("bufferedChars"));
            case Event.Error.TYPE:
                return new Event.Error(f.text("code"), f.text("message"), f.optionalText("ref", null));
            case Event.Transcript.TYPE:
                return transcript(f);
            case Event.SttError.TYPE:
                return new Event.SttError(f.text("code"), f.text("message"), f.optionalText("stt", null),
                        f.optionalBoolean("retrying", false));
            case Event.ListenOverflow.TYPE:
                return new Event.ListenOverflow(f.integer("dropped"));
            case Event.SessionEnd.TYPE:
                return new Event.SessionEnd(Event.EndReason.ofWire(f.text("reason")), f.integer("durationMs"));
            default:
                throw new JsonFields.Invalid(ProtocolErrorCode.UNKNOWN_TYPE,
                        "unknown event type '" + type + "'", type);
        }
    }

    private static Event sessionStart(JsonFields f) throws JsonFields.Invalid {
        JsonFields tts = f.nested("tts");
        return Event.SessionStart.builder()
                .callId(f.text("callId"))
                .from(f.optionalText("from", null))
                .to(f.optionalText("to", null))
                .sipCallId(f.optionalText("sipCallId", null))
                .headers(f.optionalStringMap("headers"))
                .codec(f.optionalText("codec", null))
                .tts(tts.text("vendor"), tts.optionalText("voice", null))
                .resumed(f.optionalBoolean("resumed"))
                .build();
    }

    private static Event transcript(JsonFields f) throws JsonFields.Invalid {
        List<Event.Word> words = null;
        JsonNode list = f.optionalArray("words");
        if (list != null) {
            words = new ArrayList<>();
            for (JsonNode word : list) {
                JsonFields w = new JsonFields(word, Event.Transcript.TYPE);
                words.add(new Event.Word(w.text("text"), w.integer("startMs"), w.integer("endMs")));
            }
        }
        return new Event.Transcript(f.text("text"), f.optionalBoolean("final", false), f.integer("startMs"),
                f.integer("endMs"), f.optionalText("language", null), words);
    }

    private static Event speechDone(JsonFields f) throws JsonFields.Invalid {
        JsonFields latency = f.nested("latency");
        return new Event.SpeechDone(f.text("utteranceId"), f.integer("playedMs"),
                new Event.Latency(latency.integer("ttfaMs"), latency.integer("vendorFirstByteMs"),
                        latency.integer("overheadMs"), latency.integer("underrunMs"),
                        latency.optionalInteger("playoutWaitMs", -1)));
    }
}
