package io.sayline.sip;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Raw SIP over a test's own TCP socket: what a hand-made peer writes and reads, byte for byte. */
final class RawTcp {
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^(Content-Length|l)\\s*:\\s*(\\d+)");

    private RawTcp() {
    }

    /** Writes {@code text} and reads one response; empty when the server closed or said nothing in time. */
    static Optional<String> exchange(Socket socket, String text) throws Exception {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return read(socket.getInputStream());
    }

    /** One response from a TCP stream: headers up to the blank line, then Content-Length bytes. */
    static Optional<String> read(InputStream in) throws Exception {
        StringBuilder text = new StringBuilder();
        try {
            while (!text.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return text.length() == 0 ? Optional.empty() : Optional.of(text.toString());
                }
                text.append((char) b);
            }
        } catch (SocketTimeoutException e) {
            return text.length() == 0 ? Optional.empty() : Optional.of(text.toString());
        }
        Matcher length = CONTENT_LENGTH.matcher(text);
        int body = length.find() ? Integer.parseInt(length.group(2)) : 0;
        for (int i = 0; i < body; i++) {
            text.append((char) in.read());
        }
        return Optional.of(text.toString());
    }
}
