package io.sayline.tools.bots;

import io.sayline.core.control.protocol.Command;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code relay-bot [--port 9001] [--bind 127.0.0.1] [--listen ulaw|l16|l16:16000]}: serves {@link RelayBot}.
 * Events from the call go to stdout, one JSON line each, with a line a second summing up the caller's audio when
 * it is forwarded ({@code --listen} asks for it as each call starts; {@code /listen} turns it on and off); lines
 * typed on stdin are spoken (see {@link RelayBot} for the {@code /} commands). Runs until the process is
 * stopped, also after stdin ends.
 */
public final class RelayBotServer {
    static final int DEFAULT_PORT = 9001;
    private static final String LISTEN_FLAG = "listen";

    private RelayBotServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        BotServerOptions options;
        Command.Listen listen;
        try {
            options = BotServerOptions.parse(args, DEFAULT_PORT, Set.of(LISTEN_FLAG));
            String spec = options.extra().get(LISTEN_FLAG);
            listen = spec == null ? null : RelayBot.listen(spec);
        } catch (IllegalArgumentException e) {
            System.err.println("relay-bot: " + e.getMessage());
            System.err.println("usage: relay-bot [--port 9001] [--bind 127.0.0.1] [--listen ulaw|l16|l16:16000]");
            System.exit(2);
            return;
        }
        // stdout carries the events alone, one JSON line each (pipe it to jq); log lines go to stderr.
        PrintStream events = System.out;
        System.setOut(System.err);
        RelayHub hub = new RelayHub(problem -> System.err.println("relay-bot: " + problem));
        BotServer server = BotServer.start(options.bind(), options.port(), RelayBot.NAME,
                () -> new RelayBot(hub, events::println, listen));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "relay-bot-shutdown"));
        System.err.println("relay-bot: listening; run Sayline with --bot " + server.uri()
                + "; type lines to speak them, /clear /mark /dtmf /hangup /transfer /listen /json for commands");
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = stdin.readLine()) != null) {
            String typed = line;
            server.loop().execute(() -> hub.relay(typed)); // the hub and the bots live on the server's loop
        }
        stopped.await();
    }
}
