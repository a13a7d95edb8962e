package io.sayline.tools.sipp;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * What every tool that drives SIPp (Debian package sip-tester) needs: the binary on the PATH, a shipped
 * scenario as a file SIPp can read, and free loopback ports for SIPp's own SIP and media sockets.
 */
public final class SippFiles {
    private SippFiles() {
    }

    /** The {@code sipp} executable on the PATH, if installed. */
    public static Optional<String> binary() {
        return onPath("sipp");
    }

    /** An executable named {@code name} on the PATH (also used for the capture tools). */
    public static Optional<String> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    /** Copies the scenario {@code /sipp/NAME} shipped in the tools jar into {@code dir}. */
    public static Path scenario(String name, Path dir) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = SippFiles.class.getResourceAsStream("/sipp/" + name)) {
            if (in == null) {
                throw new IOException("no scenario /sipp/" + name + " on the classpath");
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    /** A UDP port free on loopback now, for SIPp's own SIP ({@code -p}) and media ({@code -mp}) ports. */
    public static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A TCP port free on loopback now, for the Sayline process a harness starts (its SIP and HTTP ports). */
    public static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
