package io.sayline.tools.bots;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code relay-bot [--port 9001] [--bind 127.0.0.1]}: serves {@link RelayBot}. Events from the call go to
 * stdout, one JSON line each; lines typed on stdin are spoken (see {@link RelayBot} for the {@code /}
 * commands). Runs until the process is stopped, also after stdin ends.
 */
public final class RelayBotServer {
    static final int DEFAULT_PORT = 9001;

    private RelayBotServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        BotServerOptions options;
        try {
            options = BotServerOptions.parse(args, DEFAULT_PORT, Set.of());
        } catch (IllegalArgumentException e) {
            System.err.println("relay-bot: " + e.getMessage());
            System.err.println("usage: relay-bot [--port 9001] [--bind 127.0.0.1]");
            System.exit(2);
            return;
        }
        // stdout carries the events alone, one JSON line each (pipe it to jq); log lines go to stderr.
        PrintStream events = System.out;
        System.setOut(System.err);
        RelayHub hub = new RelayHub(problem -> System.err.println("relay-bot: " + problem));
        BotServer server = BotServer.start(options.bind(), options.port(), RelayBot.NAME,
                () -> new RelayBot(hub, events::println));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "relay-bot-shutdown"));
        System.err.println("relay-bot: listening; run Sayline with --bot " + server.uri()
                + "; type lines to speak them, /clear /mark /dtmf /hangup /transfer /json for commands");
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = stdin.readLine()) != null) {
            String typed = line;
            server.loop().execute(() -> hub.relay(typed)); // the hub and the bots live on the server's loop
        }
        stopped.await();
    }
}
