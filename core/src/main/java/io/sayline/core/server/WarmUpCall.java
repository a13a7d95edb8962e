package io.sayline.core.server;

import io.sayline.rtp.g711.G711Codec;
import io.sayline.sip.EndReason;
import io.sayline.sip.InboundCall;
import io.sayline.sip.MediaDirection;
import io.sayline.sip.RemoteMedia;
import io.sayline.sip.SipCallListener;
import io.sayline.sip.TransferListener;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A caller inside the server, for the start-up warm-up: an {@link InboundCall} without SIP that ACKs its
 * answer at once and sends its RTP to a local UDP socket. Everything past the SIP stack is the real call path.
 */
final class WarmUpCall implements InboundCall {
    static final String USER = "warmup";
    /** Only counted: the socket's receive buffer holds the few seconds of frames a warm-up call gets. */
    private static final int RECEIVE_BUFFER_BYTES = 1 << 20;

    private final String id;
    private final SipCallListener listener;
    private final DatagramSocket media;
    private final RemoteMedia remote;
    private final AtomicBoolean ended = new AtomicBoolean();

    WarmUpCall(String id, G711Codec codec, SipCallListener listener) throws SocketException {
        this.id = id;
        this.listener = listener;
        this.media = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        media.setReceiveBufferSize(RECEIVE_BUFFER_BYTES);
        this.remote = new RemoteMedia(codec.name(), codec.payloadType(), RemoteMedia.NO_TELEPHONE_EVENT,
                (InetSocketAddress) media.getLocalSocketAddress(), MediaDirection.SENDRECV);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String sipCallId() {
        return id;
    }

    @Override
    public String from() {
        return "sip:" + USER + "@localhost";
    }

    @Override
    public String to() {
        return from();
    }

    @Override
    public String requestUser() {
        return USER;
    }

    @Override
    public Map<String, String> headers() {
        return Map.of();
    }

    @Override
    public InetSocketAddress source() {
        return remote.rtpAddress();
    }

    @Override
    public InetAddress localAddress() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public Optional<RemoteMedia> offer() {
        return Optional.of(remote);
    }

    /** The caller's ACK follows at once. */
    @Override
    public void answer(InetAddress mediaAddress, int mediaPort) {
        listener.onAck(this);
    }

    @Override
    public void reject(int status, String reason) {
        end(EndReason.REJECTED);
    }

    @Override
    public void hangup() {
        end(EndReason.LOCAL_BYE);
    }

    @Override
    public void transfer(String referTarget, TransferListener transferListener) {
        transferListener.onFailed("a warm-up call cannot be transferred");
    }

    private void end(EndReason reason) {
        if (ended.compareAndSet(false, true)) {
            listener.onEnded(this, reason);
        }
    }

    /** Closes the media socket and returns how many RTP packets reached it. */
    int closeAndCountPackets() {
        int packets = 0;
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        try (media) {
            media.setSoTimeout(1);
            while (true) {
                media.receive(packet);
                packets++;
            }
        } catch (IOException e) {
            return packets; // the 1 ms timeout: drained
        }
    }
}
