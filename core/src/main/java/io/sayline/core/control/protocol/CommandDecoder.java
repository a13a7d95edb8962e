package io.sayline.core.control.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Locale;
import java.util.Map;

/** JSON object → {@link Command}, one method per row of the "Bot → Sayline" table. */
final class CommandDecoder {
    private static final int MAX_TRANSFER_TARGET_CHARS = 1024;

    private final ObjectMapper mapper;

    CommandDecoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    Command decode(String type, JsonNode node) throws JsonFields.Invalid {
        JsonFields fields = new JsonFields(node, type);
        switch (type) {
            case Command.Say.TYPE:
                return say(fields);
            case Command.Clear.TYPE:
                return new Command.Clear();
            case Command.Mark.TYPE:
                return new Command.Mark(fields.text("name"));
            case Command.Dtmf.TYPE:
                return dtmf(fields);
            case Command.Configure.TYPE:
                return configure(fields);
            case Command.Hangup.TYPE:
                return new Command.Hangup(fields.optionalText("reason", null));
            case Command.Transfer.TYPE:
                return transfer(fields);
            case Command.Transcribe.TYPE:
                return transcribe(fields);
            case Command.Listen.TYPE:
                return listen(fields);
            default:
                throw new JsonFields.Invalid(ProtocolErrorCode.UNKNOWN_TYPE,
                        "unknown command type '" + type + "'", type);
        }
    }

    private static Command say(JsonFields fields) throws JsonFields.Invalid {
        String text = fields.text("text");
        String utteranceId = fields.optionalText("utteranceId", null);
        if (utteranceId != null && utteranceId.isEmpty()) {
            throw fields.invalidValue("utteranceId", "must not be empty");
        }
        boolean last = fields.optionalBoolean("last", true);
        String interruptibleName = fields.optionalText("interruptible", Interruptible.ANY.wireName());
        Interruptible interruptible = Interruptible.ofWire(interruptibleName);
        if (interruptible == null) {
            throw fields.invalidValue("interruptible",
                    "must be any, dtmf, speech or none, was '" + interruptibleName + "'");
        }
        boolean preemptible = fields.optionalBoolean("preemptible", false);
        return new Command.Say(text, utteranceId, last, interruptible, preemptible);
    }

    private static Command dtmf(JsonFields fields) throws JsonFields.Invalid {
        String digits = fields.text("digits");
        String problem = Command.Dtmf.problemWith(digits);
        if (problem != null) {
            throw fields.invalidValue("digits", problem);
        }
        return new Command.Dtmf(digits);
    }

    @SuppressWarnings("unchecked")
    private Command configure(JsonFields fields) throws JsonFields.Invalid {
        JsonNode tts = fields.object("tts");
        return new Command.Configure(mapper.convertValue(tts, Map.class));
    }

    private static Command transcribe(JsonFields fields) throws JsonFields.Invalid {
        boolean enabled = fields.booleanField("enabled");
        String stt = fields.optionalText("stt", null);
        String language = fields.optionalText("language", null);
        if (language != null && !language.matches("[a-z]{2,3}")) {
            throw fields.invalidValue("language", "must be an ISO 639-1 or 639-3 code such as en, was '" + language + "'");
        }
        return new Command.Transcribe(enabled, stt, language);
    }

    private static Command transfer(JsonFields fields) throws JsonFields.Invalid {
        String target = fields.text("target");
        String lower = target.toLowerCase(Locale.ROOT);
        // REFER's Refer-To carries a SIP or SIPS URI here (RFC 3515 section 2.1); tel: is left to the PBX.
        if (!(lower.startsWith("sip:") || lower.startsWith("sips:")) || target.length() > MAX_TRANSFER_TARGET_CHARS) {
            throw fields.invalidValue("target", "must be a sip: or sips: URI of at most "
                    + MAX_TRANSFER_TARGET_CHARS + " characters");
        }
        return new Command.Transfer(target);
    }

    private static Command listen(JsonFields fields) throws JsonFields.Invalid {
        if (!fields.booleanField("enabled")) {
            return Command.Listen.stop();
        }
        String formatName = fields.optionalText("format", Command.Listen.AudioFormat.ULAW.wireName());
        Command.Listen.AudioFormat format = Command.Listen.AudioFormat.ofWire(formatName);
        if (format == null) {
            throw fields.invalidValue("format", "must be ulaw or l16, was '" + formatName + "'");
        }
        long rate = fields.optionalInteger("rate", Command.Listen.NARROWBAND);
        String problem = rate == (int) rate ? Command.Listen.problemWith(format, (int) rate)
                : "must be 8000 or 16000, was " + rate;
        if (problem != null) {
            throw fields.invalidValue("rate", problem);
        }
        return Command.Listen.start(format, (int) rate);
    }
}
