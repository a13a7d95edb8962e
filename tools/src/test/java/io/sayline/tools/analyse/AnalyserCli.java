package io.sayline.tools.analyse;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code rtp-analyse} as a user runs it: the capture in a file, the options after it, stdout kept. */
final class AnalyserCli {
    private AnalyserCli() {
    }

    /** Writes {@code capture} to {@code file}, analyses it and returns the exit code; stderr is dropped. */
    static int run(Path file, byte[] capture, OutputStream stdout, String... options) throws IOException {
        Files.write(file, capture);
        String[] args = new String[options.length + 1];
        args[0] = file.toString();
        System.arraycopy(options, 0, args, 1, options.length);
        return RtpAnalyser.run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
    }
}
