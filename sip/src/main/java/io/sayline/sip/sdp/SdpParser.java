package io.sayline.sip.sdp;

import io.sayline.sip.MediaDirection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses SDP (RFC 4566) from untrusted peers. Lenient where RFC 4566 §5 allows variation (LF line ends,
 * unknown lines and attributes), strict on what offer/answer relies on ({@code v=0}, {@code o=},
 * {@code m=} syntax, payload type numbers), and bounded in size.
 */
public final class SdpParser {
    /** Real offers are well under 2 KB; anything past this is abuse. */
    public static final int MAX_BYTES = 16 * 1024;
    static final int MAX_LINES = 256;
    static final int MAX_MEDIA = 16;
    static final int MAX_FORMATS = 64;
    private static final int MAX_PAYLOAD_TYPE = 127;
    private static final int MAX_PORT = 65535;
    private static final int ORIGIN_FIELDS = 6;
    private static final int CONNECTION_FIELDS = 3;
    private static final int MEDIA_MIN_FIELDS = 4;
    /** The only media type Sayline negotiates (RFC 4566 §5.14 media field). */
    private static final String AUDIO = "audio";

    private SdpParser() {
    }

    public static SessionDescription parse(byte[] body) throws MalformedSdpException {
        if (body.length > MAX_BYTES) {
            throw new MalformedSdpException("SDP larger than " + MAX_BYTES + " bytes");
        }
        return parse(new String(body, StandardCharsets.UTF_8));
    }

    public static SessionDescription parse(String text) throws MalformedSdpException {
        String[] lines = text.split("\r?\n", -1);
        if (lines.length > MAX_LINES + 1) {
            throw new MalformedSdpException("SDP has more than " + MAX_LINES + " lines");
        }
        Builder session = new Builder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                if (i >= lines.length - 1 || allEmpty(lines, i)) {
                    break; // trailing line break(s)
                }
                throw new MalformedSdpException("empty line inside SDP");
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new MalformedSdpException("SDP line is not <type>=<value>: " + clip(line));
            }
            if (i == 0 && !line.equals("v=0")) {
                throw new MalformedSdpException("SDP must start with v=0");
            }
            session.accept(line.charAt(0), line.substring(2));
        }
        return session.build();
    }

    private static boolean allEmpty(String[] lines, int from) {
        for (int i = from; i < lines.length; i++) {
            if (!lines[i].isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static String clip(String line) {
        return line.length() > 40 ? line.substring(0, 40) + "..." : line;
    }

    /** Collects lines; media-level lines go to the current {@code m=} section. */
    private static final class Builder {
        private String sessionId;
        private String sessionVersion;
        private String connection;
        private MediaDirection direction;
        private final List<MediaDescription> media = new ArrayList<>();
        private MediaBuilder current;

        void accept(char type, String value) throws MalformedSdpException {
            switch (type) {
                case 'o' -> origin(value);
                case 'c' -> {
                    String address = connectionAddress(value);
                    if (current == null) {
                        connection = address;
                    } else {
                        current.connection = address;
                    }
                }
                case 'm' -> {
                    finishMedia();
                    if (media.size() >= MAX_MEDIA) {
                        throw new MalformedSdpException("more than " + MAX_MEDIA + " media sections");
                    }
                    current = MediaBuilder.parse(value);
                }
                case 'a' -> attribute(value);
                default -> {
                    // v, s, t, b, i, u, e, p, z, k, r: not needed for offer/answer (RFC 4566 §5).
                }
            }
        }

        private void origin(String value) throws MalformedSdpException {
            String[] fields = value.trim().split(" +");
            if (fields.length != ORIGIN_FIELDS) {
                throw new MalformedSdpException("o= needs 6 fields (RFC 4566 §5.2)");
            }
            sessionId = fields[1];
            sessionVersion = fields[2];
        }

        private static String connectionAddress(String value) throws MalformedSdpException {
            String[] fields = value.trim().split(" +");
            if (fields.length != CONNECTION_FIELDS || !fields[0].equals("IN")
                    || !(fields[1].equals("IP4") || fields[1].equals("IP6"))) {
                throw new MalformedSdpException("c= must be 'IN IP4|IP6 <address>' (RFC 4566 §5.7)");
            }
            String address = fields[2];
            int ttl = address.indexOf('/'); // multicast TTL / count suffix
            return ttl < 0 ? address : address.substring(0, ttl);
        }

        private void attribute(String value) throws MalformedSdpException {
            Optional<MediaDirection> dir = MediaDirection.ofAttribute(value.trim());
            if (dir.isPresent()) {
                if (current == null) {
                    direction = dir.get();
                } else {
                    current.direction = dir.get();
                }
                return;
            }
            if (value.startsWith("rtpmap:") && current != null) {
                RtpMap map;
                try {
                    map = rtpMap(value.substring("rtpmap:".length()));
                } catch (MalformedSdpException e) {
                    if (current.type.equals(AUDIO)) {
                        throw e; // an audio stream's codecs are what we negotiate: a broken one is a broken offer
                    }
                    // A stream Sayline refuses anyway (video, ...) need not be understood: RFC 4566 §5.13 has
                    // receivers ignore attributes they do not understand, and RFC 4475 §3.1.1.1's valid INVITE
                    // carries "a=rtpmap:31 LPC" on its video stream.
                    return;
                }
                current.rtpMaps.put(map.payloadType(), map);
            }
        }

        private static RtpMap rtpMap(String value) throws MalformedSdpException {
            int space = value.indexOf(' ');
            if (space < 0) {
                throw new MalformedSdpException("rtpmap needs '<pt> <name>/<rate>'");
            }
            int payloadType = payloadType(value.substring(0, space));
            String[] encoding = value.substring(space + 1).trim().split("/");
            if (encoding.length < 2 || encoding[0].isEmpty()) {
                throw new MalformedSdpException("rtpmap needs '<name>/<rate>'");
            }
            return new RtpMap(payloadType, encoding[0], number(encoding[1], Integer.MAX_VALUE, "clock rate"));
        }

        void finishMedia() {
            if (current != null) {
                media.add(current.build());
                current = null;
            }
        }

        SessionDescription build() throws MalformedSdpException {
            finishMedia();
            if (sessionId == null) {
                throw new MalformedSdpException("SDP has no o= line");
            }
            return new SessionDescription(sessionId, sessionVersion, connection, direction, media);
        }
    }

    private static final class MediaBuilder {
        private final String type;
        private final int port;
        private final String protocol;
        private final List<String> formats;
        private final Map<Integer, RtpMap> rtpMaps = new HashMap<>();
        private String connection;
        private MediaDirection direction;

        private MediaBuilder(String type, int port, String protocol, List<String> formats) {
            this.type = type;
            this.port = port;
            this.protocol = protocol;
            this.formats = formats;
        }

        static MediaBuilder parse(String value) throws MalformedSdpException {
            String[] fields = value.trim().split(" +");
            if (fields.length < MEDIA_MIN_FIELDS) {
                throw new MalformedSdpException("m= needs '<media> <port> <proto> <fmt> ...' (RFC 4566 §5.14)");
            }
            if (fields.length - 3 > MAX_FORMATS) {
                throw new MalformedSdpException("m= lists more than " + MAX_FORMATS + " formats");
            }
            String portField = fields[1];
            int slash = portField.indexOf('/'); // <port>/<number of ports>
            int port = number(slash < 0 ? portField : portField.substring(0, slash), MAX_PORT, "port");
            List<String> formats = List.of(fields).subList(3, fields.length);
            if (fields[2].startsWith("RTP/")) {
                for (String format : formats) {
                    payloadType(format);
                }
            }
            return new MediaBuilder(fields[0], port, fields[2], formats);
        }

        MediaDescription build() {
            return new MediaDescription(type, port, protocol, formats, rtpMaps, connection, direction);
        }
    }

    static int payloadType(String text) throws MalformedSdpException {
        return number(text, MAX_PAYLOAD_TYPE, "payload type");
    }

    private static int number(String text, int max, String what) throws MalformedSdpException {
        if (text.isEmpty() || text.length() > 10) {
            throw new MalformedSdpException(what + " is not a number: " + clip(text));
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new MalformedSdpException(what + " is not a number: " + clip(text));
            }
            value = value * 10 + (c - '0');
        }
        if (value > max) {
            throw new MalformedSdpException(what + " must be at most " + max + ", was " + value);
        }
        return (int) value;
    }
}
