package io.sayline.tools.bots;

import io.sayline.core.bot.BotContext;
import io.sayline.core.bot.BuiltinBot;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.ControlCodec;
import io.sayline.core.control.protocol.Decoded;
import io.sayline.core.control.protocol.Event;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A bot a person drives from a terminal: every event from the call is printed as its JSON line, and every
 * line typed on stdin is spoken, streamed word by word as an LLM would ({@code say} with {@code last:false}
 * per word, then an empty {@code say} with {@code last:true} at the end of the line). Lines starting with
 * {@code /} are commands instead: {@code /clear}, {@code /mark NAME}, {@code /dtmf DIGITS},
 * {@code /hangup [REASON]}, {@code /transfer SIP-URI}, {@code /transcribe on|off [STT-NAME]} (the caller's
 * words then print as {@code transcript} events), and {@code /json {...}} for any raw command (e.g.
 * {@code configure}).
 *
 * <p>One instance per connection; {@link #relay} and the events run on the one loop of the relay server.
 */
public final class RelayBot implements BuiltinBot {
    public static final String NAME = "relay";

    private final RelayHub hub;
    private final Consumer<String> out;
    private BotContext context;
    private int lines;

    /**
     * @param hub where typed lines come from
     * @param out where each received event is printed, one JSON line each
     */
    public RelayBot(RelayHub hub, Consumer<String> out) {
        this.hub = Objects.requireNonNull(hub, "hub");
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void onEvent(Event event, BotContext ctx) {
        out.accept(ControlCodec.encode(event));
        if (context == null) {
            context = ctx;
            hub.join(this);
        }
        if (event instanceof Event.SessionEnd) {
            hub.leave(this);
        }
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
                throw new IllegalArgumentException("unknown command /" + name + "; use /clear, /mark NAME,"
                        + " /dtmf DIGITS, /hangup [REASON], /transfer URI, /transcribe on|off [STT], /json {...}");
        }
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
