package io.sayline.tools.bots;

import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ivr-bot [--port 9000] [--bind 127.0.0.1] [--transfer-target sip:operator@127.0.0.1]}: serves
 * {@link IvrBot} until the process is stopped. Point Sayline at the URL it prints.
 */
public final class IvrBotServer {
    static final int DEFAULT_PORT = 9000;

    private IvrBotServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        BotServerOptions options;
        try {
            options = BotServerOptions.parse(args, DEFAULT_PORT, Set.of("transfer-target"));
        } catch (IllegalArgumentException e) {
            System.err.println("ivr-bot: " + e.getMessage());
            System.err.println("usage: ivr-bot [--port 9000] [--bind 127.0.0.1] [--transfer-target SIP-URI]");
            System.exit(2);
            return;
        }
        String target = options.extra().getOrDefault("transfer-target", IvrBot.DEFAULT_TRANSFER_TARGET);
        BotServer server = BotServer.start(options.bind(), options.port(), IvrBot.NAME, () -> new IvrBot(target));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "ivr-bot-shutdown"));
        System.out.println("ivr-bot: listening; run Sayline with --bot " + server.uri());
        stopped.await();
    }
}
