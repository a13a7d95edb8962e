package io.sayline.tools;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Entry point of {@code sayline-tools.jar}: {@code java -jar tools/target/sayline-tools.jar COMMAND [ARGS]}.
 * Each command is a class with a {@code main(String[])}; add one line per command below.
 */
public final class Tools {
    private static final Map<String, Command> COMMANDS = new TreeMap<>();

    static {
        // name -> main; keep alphabetical
        COMMANDS.put("bench", args -> org.openjdk.jmh.Main.main(args));
        COMMANDS.put("el-sim", io.sayline.tools.elsim.ElevenLabsSimulator::main);
        COMMANDS.put("ivr-bot", io.sayline.tools.bots.IvrBotServer::main);
        COMMANDS.put("latency", io.sayline.tools.latency.LatencyProbe::main);
        COMMANDS.put("load", io.sayline.tools.load.LoadCommand::main);
        COMMANDS.put("relay-bot", io.sayline.tools.bots.RelayBotServer::main);
        COMMANDS.put("rtp-analyse", io.sayline.tools.analyse.RtpAnalyser::main);
        COMMANDS.put("soak", io.sayline.tools.load.SoakCommand::main);
    }

    private Tools() {
    }

    @FunctionalInterface
    interface Command {
        void run(String[] args) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !COMMANDS.containsKey(args[0])) {
            System.err.println("usage: java -jar sayline-tools.jar COMMAND [ARGS]; commands: " + COMMANDS.keySet());
            System.exit(2);
        }
        COMMANDS.get(args[0]).run(Arrays.copyOfRange(args, 1, args.length));
    }
}
