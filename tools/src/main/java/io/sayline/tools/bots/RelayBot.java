package io.sayline.tools.bots;

import io.sayline.core.bot.BotContext;
import io.sayline.core.bot.BuiltinBot;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.ControlCodec;
import io.sayline.core.control.protocol.Decoded;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.listen.ListenFrame;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A bot a person drives from a terminal: every event from the call is printed as its JSON line, and every
 * line typed on stdin is spoken, streamed word by word as an LLM would ({@code say} with {@code last:false}
 * per word, then an empty {@code say} with {@code last:true} at the end of the line). Lines starting with
 * {@code /} are commands instead: {@code /clear}, {@code /mark NAME}, {@code /dtmf DIGITS},
 * {@code /hangup [REASON]}, {@code /transfer SIP-URI}, {@code /listen ulaw | l16 [8000|16000] | off} to turn
 * the caller's audio on and off (protocol v1.1), {@code /transcribe on|off [STT-NAME]} (the caller's words then
 * print as {@code transcript} events), and {@code /json {...}} for any raw command (e.g. {@code configure}).
 *
 * <p>Caller audio is reported, not printed: one JSON line per second of audio received and one when the call
 * ends, {@code {"relay":"audio","frames":50,"lost":0,"missing":0,"bytes":8000,"lastSequence":49,
 * "lastPositionMs":1740}}: frames and payload bytes since the last line, how many were marked lost (not
 * received from the caller), how many sequence numbers never arrived (dropped for a slow bot), and where the
 * newest frame is on the caller timeline.
 *
 * <p>One instance per connection; {@link #relay} and the events run on the one loop of the relay server.
 */
public final class RelayBot implements BuiltinBot {
    public static final String NAME = "relay";

    /** Caller audio is summed up once per this many frames: a second. */
    public static final int FRAMES_PER_REPORT = 50;

    private final RelayHub hub;
    private final Consumer<String> out;
    private final Command.Listen listenAtStart;
    private BotContext context;
    private int lines;
    private long frames;
    private long lostFrames;
    private long missingFrames;
    private long bytes;
    private ListenFrame newest;

    /**
     * @param hub where typed lines come from
     * @param out where each received event is printed, one JSON line each
     */
    public RelayBot(RelayHub hub, Consumer<String> out) {
        this(hub, out, null);
    }

    /** @param listenAtStart sent as soon as the call starts (the {@code --listen} flag), or null */
    public RelayBot(RelayHub hub, Consumer<String> out, Command.Listen listenAtStart) {
        this.hub = Objects.requireNonNull(hub, "hub");
        this.out = Objects.requireNonNull(out, "out");
        this.listenAtStart = listenAtStart;
    }

    @Override
    public void onEvent(Event event, BotContext ctx) {
        if (event instanceof Event.SessionEnd) {
            reportAudio(); // the rest of the audio came before the end
        }
        out.accept(ControlCodec.encode(event));
        if (context == null) {
            context = ctx;
            hub.join(this);
            if (listenAtStart != null) {
                ctx.send(listenAtStart);
            }
        }
        if (event instanceof Event.SessionEnd) {
            hub.leave(this);
        }
    }

    @Override
    public void onAudio(ListenFrame frame, BotContext ctx) {
        if (newest != null) {
            missingFrames += Math.max(0, frame.sequence() - newest.sequence() - 1);
        }
        newest = frame;
        frames++;
        bytes += frame.payload().length;
        if (frame.lost()) {
            lostFrames++;
        }
        if (frames == FRAMES_PER_REPORT) {
            reportAudio();
        }
    }

    private void reportAudio() {
        if (frames == 0) {
            return;
        }
        out.accept("{\"relay\":\"audio\",\"frames\":" + frames + ",\"lost\":" + lostFrames + ",\"missing\":"
                + missingFrames + ",\"bytes\":" + bytes + ",\"lastSequence\":" + newest.sequence()
                + ",\"lastPositionMs\":" + newest.positionMs() + "}");
        frames = 0;
        lostFrames = 0;
        missingFrames = 0;
        bytes = 0;
    }

    @Override
    public void onClosed() {
        hub.leave(this);
    }

    /**
     * Sends what {@code line} asks for to this bot's call.
     *
     * @throws IllegalArgumentException when the line is a malformed {@code /} command; nothing was sent
     */
    void relay(String line) {
        List<Command> commands = commandsFor(line, "line-" + (lines + 1));
        if (commands.stream().anyMatch(c -> c instanceof Command.Say)) {
            lines++;
        }
        commands.forEach(context::send);
    }

    /** What one typed line becomes; a blank line becomes nothing. */
    static List<Command> commandsFor(String line, String utteranceId) {
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
            return List.of();
        }
        if (trimmed.startsWith("/")) {
            return List.of(slashCommand(trimmed));
        }
        List<Command> says = new ArrayList<>();
        for (String word : trimmed.split("\\s+")) {
            says.add(Command.Say.token(utteranceId, word + " ", false));
        }
        says.add(Command.Say.token(utteranceId, "", true));
        return says;
    }

    private static Command slashCommand(String line) {
        int space = line.indexOf(' ');
        String name = space < 0 ? line.substring(1) : line.substring(1, space);
        String argument = space < 0 ? "" : line.substring(space + 1).strip();
        switch (name) {
            case "clear":
                return new Command.Clear();
            case "hangup":
                return new Command.Hangup(argument.isEmpty() ? null : argument);
            case "mark":
                return new Command.Mark(required(name, argument));
            case "dtmf": {
                String problem = Command.Dtmf.problemWith(required(name, argument));
                if (problem != null) {
                    throw new IllegalArgumentException("/dtmf: " + problem);
                }
                return new Command.Dtmf(argument);
            }
            case "transfer":
                return new Command.Transfer(required(name, argument));
            case "transcribe":
                return transcribe(required(name, argument));
            case "listen":
                return listen(required(name, argument));
            case "json": {
                // The same decoder Sayline uses, so what passes here is what Sayline accepts.
                Decoded<Command> decoded = ControlCodec.decode(required(name, argument));
                if (!decoded.isOk()) {
                    throw new IllegalArgumentException("/json: " + decoded.error().code() + ": "
                            + decoded.error().message());
                }
                return decoded.value();
            }
            default:
                throw new IllegalArgumentException("unknown command /" + name
                        + "; use /clear, /mark NAME, /dtmf DIGITS, /hangup [REASON], /transfer URI,"
                        + " /listen ulaw|l16 [RATE]|off, /transcribe on|off [STT], /json {...}");
        }
    }

    /**
     * {@code off}, or a format and an optional rate: {@code ulaw}, {@code l16}, {@code l16 16000} (also
     * {@code l16:16000}, as the {@code --listen} flag takes it).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Command.Listen listen(String spec) {
        String[] parts = spec.strip().split("[\\s:]+");
        if (parts.length == 1 && parts[0].equals("off")) {
            return Command.Listen.stop();
        }
        Command.Listen.AudioFormat format = Command.Listen.AudioFormat.ofWire(parts[0]);
        if (format == null || parts.length > 2) {
            throw new IllegalArgumentException("/listen: expected ulaw, l16 [8000|16000] or off, was '" + spec + "'");
        }
        int rate = Command.Listen.NARROWBAND;
        if (parts.length == 2) {
            try {
                rate = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("/listen: the rate must be 8000 or 16000, was '" + parts[1] + "'");
            }
        }
        String problem = Command.Listen.problemWith(format, rate);
        if (problem != null) {
            throw new IllegalArgumentException("/listen: " + problem);
        }
        return Command.Listen.start(format, rate);
    }

    /** {@code on [STT-NAME]} or {@code off}. */
    private static Command transcribe(String argument) {
        String[] words = argument.split("\\s+");
        if (words.length > 2 || !(words[0].equals("on") || words[0].equals("off") && words.length == 1)) {
            throw new IllegalArgumentException("/transcribe: use /transcribe on [STT-NAME] or /transcribe off");
        }
        return new Command.Transcribe(words[0].equals("on"), words.length == 2 ? words[1] : null, null);
    }

    private static String required(String command, String argument) {
        if (argument.isEmpty()) {
            throw new IllegalArgumentException("/" + command + " needs an argument");
        }
        return argument;
    }
}
