package io.sayline.sip;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A SIP caller over one TLS connection, written with the JDK's own TLS client and SIP as text: INVITE, ACK, BYE.
 * (The JAIN SIP RI's NIO TLS client loops on connect in the version we use, so tests do not use it as a client.)
 * It trusts only the certificate it is given.
 */
final class TlsUac implements AutoCloseable {
    private static final Pattern TO_TAG = Pattern.compile("(?im)^To:.*;tag=([^;\\s>]+)");
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^Content-Length:\\s*(\\d+)");

    private final SSLSocket socket;
    private final InputStream in;
    private final int serverPort;
    private int branch;

    TlsUac(int serverPort, Path trusted) throws IOException, GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("trusted", CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(trusted)));
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        this.socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), serverPort);
        this.socket.setSoTimeout(10_000);
        this.socket.startHandshake();
        this.in = new BufferedInputStream(socket.getInputStream());
        this.serverPort = serverPort;
    }

    /** The negotiated protocol, e.g. TLSv1.3. */
    String protocol() {
        return socket.getSession().getProtocol();
    }

    /** A whole call: INVITE (with {@code sdp}), its 200, ACK, BYE, its 200. Returns the 200 to the INVITE. */
    String call(String callId, String sdp) throws IOException {
        String invite = request("INVITE", callId, 1, null, sdp);
        String ok = finalResponse(invite, "INVITE");
        Matcher tag = TO_TAG.matcher(ok);
        if (!ok.startsWith("SIP/2.0 200") || !tag.find()) {
            throw new AssertionError("INVITE not answered 200 with a To tag:\n" + ok);
        }
        send(request("ACK", callId, 1, tag.group(1), null));
        String byeOk = finalResponse(request("BYE", callId, 2, tag.group(1), null), "BYE");
        if (!byeOk.startsWith("SIP/2.0 200")) {
            throw new AssertionError("BYE not answered 200:\n" + byeOk);
        }
        return ok;
    }

    private String request(String method, String callId, int cseq, String toTag, String body) {
        String content = body == null ? "" : body;
        String local = "127.0.0.1:" + socket.getLocalPort();
        return method + " sip:bot@127.0.0.1:" + serverPort + ";transport=tls SIP/2.0\r\n"
                + "Via: SIP/2.0/TLS " + local + ";branch=z9hG4bK-tls-" + callId + "-" + (++branch) + "\r\n"
                + "From: <sip:caller@127.0.0.1>;tag=caller-" + callId + "\r\n"
                + "To: <sip:bot@127.0.0.1>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n"
                + "Contact: <sip:caller@" + local + ";transport=tls>\r\n"
                + "Max-Forwards: 70\r\n"
                + (body == null ? "" : "Content-Type: application/sdp\r\n")
                + "Content-Length: " + content.getBytes(StandardCharsets.US_ASCII).length + "\r\n\r\n" + content;
    }

    /** Sends {@code request} and returns its final response, skipping provisional ones. */
    private String finalResponse(String request, String method) throws IOException {
        send(request);
        while (true) {
            String response = read();
            if (!response.toUpperCase(Locale.ROOT).contains(" " + method + "\r\n")) {
                continue; // an answer to something else (a retransmitted 200 while we ACK): not ours to wait for
            }
            if (!response.startsWith("SIP/2.0 1")) {
                return response;
            }
        }
    }

    /**
     * Sends half of an OPTIONS and waits up to {@code timeout} for the server to close: true when it did, false
     * when the connection was still open then.
     */
    boolean sendsHalfAMessageAndIsClosed(java.time.Duration timeout) throws IOException {
        String options = "OPTIONS sip:bot@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TLS 127.0.0.1:5999;branch=z9hG4bK-half\r\n"
                + "From: <sip:probe@127.0.0.1>;tag=1\r\nTo: <sip:bot@127.0.0.1>\r\n";
        send(options);
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private void send(String message) throws IOException {
        socket.getOutputStream().write(message.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** One message: headers up to the blank line, then Content-Length bytes of body. */
    private String read() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head);
            }
            if (head.size() == 0 && (b == '\r' || b == '\n')) {
                continue; // keep-alive CRLFs between messages (RFC 5626 §3.5.1)
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        Matcher length = CONTENT_LENGTH.matcher(headers);
        int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return headers + new String(in.readNBytes(bodyLength), StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
