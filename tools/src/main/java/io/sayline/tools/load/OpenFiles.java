package io.sayline.tools.load;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's open file descriptors, from Linux's {@code /proc/PID/fd}: all of them, and the sockets among them
 * (links named {@code socket:[inode]}: RTP, SIP, bot and vendor connections). A leaked socket or file shows here
 * even when the JVM's heap knows nothing of it.
 */
record OpenFiles(int all, int sockets) {
    private static final String SOCKET_LINK = "socket:";

    /** Counted now; zeros if the process is gone. */
    static OpenFiles of(long pid) {
        int all = 0;
        int sockets = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                all++;
                if (isSocket(fd)) {
                    sockets++;
                }
            }
        } catch (IOException e) {
            return new OpenFiles(0, 0);
        }
        return new OpenFiles(all, sockets);
    }

    private static boolean isSocket(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString().startsWith(SOCKET_LINK);
        } catch (IOException e) {
            return false; // closed between listing and reading
        }
    }
}
