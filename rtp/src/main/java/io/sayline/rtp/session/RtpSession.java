package io.sayline.rtp.session;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.sayline.rtp.MediaFrame;
import io.sayline.rtp.dtmf.DtmfReceiver;
import io.sayline.rtp.dtmf.DtmfSender;
import io.sayline.rtp.g711.G711Codec;
import io.sayline.rtp.pacer.PacedStream;
import io.sayline.rtp.pacer.Pacer;
import io.sayline.rtp.packet.PayloadType;
import io.sayline.rtp.packet.Rtp16;
import io.sayline.rtp.packet.Rtp32;
import io.sayline.rtp.packet.RtpDecodeResult;
import io.sayline.rtp.packet.RtpPacket;
import io.sayline.rtp.playout.PlayoutBuffer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's RTP stream: a UDP socket on an even port, bound on the call's event loop, paced by that loop's
 * {@link Pacer}.
 *
 * <p><b>Sending</b> (each 20 ms tick): an RFC 4733 packet if digits are being sent, else the next
 * {@link PlayoutBuffer} frame, else codec silence when configured. The SSRC, first sequence number and first
 * timestamp are random (RFC 3550 §5.1); every tick adds 160 to the timestamp and every packet sent adds 1
 * to the sequence number, so the stream never jumps; a talkspurt's first packet has the marker bit
 * (RFC 3551 §4.1). While {@linkplain #setSending(boolean) not sending} (hold) the media clock keeps running
 * but nothing is sent and playout pauses, so the bot's speech resumes where it stopped. One direct buffer
 * and one {@link DatagramPacket} are reused for every packet; a fresh pooled buffer is taken only while the
 * previous write is still queued in the channel (counted).
 *
 * <p><b>Receiving</b>: datagrams are decoded; malformed ones, packets from a second SSRC and unexpected
 * payload types are counted and dropped. The first SSRC seen is latched; another one replaces it only after
 * the latched one has been silent for {@link #SSRC_SWITCH_NANOS} or after {@link #setRemote}. Once media has
 * started, a datagram from any source but the caller's is dropped and counted before it can latch anything
 * ({@link SourceGuard}: the SDP's address, or with {@code rtp.symmetric} the learned one). RTCP is not
 * implemented; the odd port stays unbound.
 *
 * <p><b>Threading</b>: the session lives on {@link #loop()}. {@link #open} may be called anywhere and
 * completes on the loop; {@link #start}, {@link #setSending}, {@link #setRemote}, {@link #sendDigits} and
 * {@link #close} may be called from any thread and hop to the loop; {@link #playout()} and {@link #stats()}
 * only on the loop. Listeners are called on the loop.
 */
public final class RtpSession implements PacedStream {
    private static final Logger LOG = LoggerFactory.getLogger(RtpSession.class);

    /** Bind attempts (each on the pool's next port) before {@link #open} gives up. */
    public static final int MAX_BIND_ATTEMPTS = 16;
    /** A new SSRC is accepted once the latched one has been silent this long. */
    public static final long SSRC_SWITCH_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final int MAX_PACKET = RtpPacket.FIXED_HEADER_LENGTH + MediaFrame.BYTES;

    private final EventLoop loop;
    private final Pacer pacer;
    private final PortPool pool;
    private final int port;
    private final RtpSessionOptions options;
    private final DtmfSender dtmfSender = new DtmfSender();
    private final DtmfReceiver dtmfReceiver;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final SourceGuard sources;
    private final InboundScreen screen;

    // guarded by call loop
    private Channel channel;
    private ByteBuf sendBuf;
    private DatagramPacket sendPacket;
    private InetSocketAddress remote;
    private G711Codec codec;
    private int telephoneEventPt = -1;
    private PlayoutBuffer playout;
    private byte[] silence;
    private boolean started;
    private boolean closing;
    private boolean sending = true;
    private final int ssrc;
    private int sequence;
    private int timestamp;
    private boolean remoteSsrcLatched;
    private int remoteSsrc;
    private volatile long lastReceivedNanos;

    private long packetsSent;
    private long bytesSent;
    private long packetsReceived;
    private long bytesReceived;
    private long malformed;
    private long foreignSsrc;
    private long foreignSource;
    private long otherPayloadType;
    private long sendBufferFallbacks;
    private long listenerFailures;
    private long channelErrors;

    private RtpSession(EventLoop loop, Pacer pacer, PortPool pool, int port, RtpSessionOptions options) {
        this.loop = loop;
        this.pacer = pacer;
        this.pool = pool;
        this.port = port;
        this.options = options;
        this.dtmfReceiver = new DtmfReceiver(this::onDigit);
        this.sources = new SourceGuard(options.symmetric());
        this.screen = new InboundScreen();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        this.ssrc = random.nextInt();
        this.sequence = random.nextInt(Rtp16.MODULUS);
        this.timestamp = random.nextInt();
        this.lastReceivedNanos = options.clock().nanos();
    }

    /**
     * Binds a session to {@code bindAddr} and a port from {@code pool} on {@code loop} (ports that fail to bind
     * are skipped). Completes on the loop, exceptionally when no port could be bound.
     */
    public static CompletionStage<RtpSession> open(EventLoop loop, Pacer pacer, InetAddress bindAddr,
                                                   PortPool pool, RtpSessionOptions options) {
        Objects.requireNonNull(bindAddr, "bindAddr");
        Objects.requireNonNull(options, "options");
        if (pacer.loop() != loop) {
            throw new IllegalArgumentException("the pacer must belong to the session's event loop");
        }
        CompletableFuture<RtpSession> result = new CompletableFuture<>();
        loop.execute(() -> tryBind(loop, pacer, bindAddr, pool, options, result, 0));
        return result;
    }

    private static void tryBind(EventLoop loop, Pacer pacer, InetAddress bindAddr, PortPool pool,
                                RtpSessionOptions options, CompletableFuture<RtpSession> result, int attempt) {
        int port = pool.acquire();
        if (port == PortPool.NONE) {
            result.completeExceptionally(new IllegalStateException("no free RTP port in " + pool.range()));
            return;
        }
        RtpSession session = new RtpSession(loop, pacer, pool, port, options);
        boolean epoll = Epoll.isAvailable() && loop.parent() instanceof EpollEventLoopGroup;
        Class<? extends DatagramChannel> type = epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
        new Bootstrap().group(loop).channel(type).handler(session.new Inbound())
                .bind(new InetSocketAddress(bindAddr, port))
                .addListener((ChannelFuture f) -> {
                    if (f.isSuccess()) {
                        session.bound(f.channel());
                        LOG.info("rtp session opened port={} transport={}", port, epoll ? "epoll" : "nio");
                        result.complete(session);
                        return;
                    }
                    pool.release(port);
                    LOG.debug("rtp port {} failed to bind: {}", port, f.cause().toString());
                    if (attempt + 1 < MAX_BIND_ATTEMPTS) {
                        tryBind(loop, pacer, bindAddr, pool, options, result, attempt + 1);
                    } else {
                        result.completeExceptionally(f.cause());
                    }
                });
    }

    private void bound(Channel ch) {
        channel = ch;
        sendBuf = ch.alloc().directBuffer(MAX_PACKET, MAX_PACKET);
        ch.closeFuture().addListener(f -> onChannelClosed());
    }

    public EventLoop loop() {
        return loop;
    }

    /** The bound even port, for the SDP answer. */
    public int localPort() {
        return port;
    }

    /**
     * Starts sending to {@code remote} in {@code codec} from a playout buffer of its own (made from the options);
     * {@code telephoneEventPt} is the negotiated RFC 4733 payload type or -1. Only once per session.
     */
    public void start(InetSocketAddress remote, G711Codec codec, int telephoneEventPt) {
        Objects.requireNonNull(codec, "codec");
        start(remote, new PlayoutBuffer(options.playout(), codec, options.playoutListener(), options.counters()),
                telephoneEventPt);
    }

    /**
     * Starts sending to {@code remote}, one frame of {@code playout} per pacing tick in its codec;
     * {@code telephoneEventPt} is the negotiated RFC 4733 payload type or -1. Registers with the pacer. Only
     * once per session.
     */
    public void start(InetSocketAddress remote, PlayoutBuffer playout, int telephoneEventPt) {
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(playout, "playout");
        G711Codec codec = playout.codec();
        if (telephoneEventPt < -1 || telephoneEventPt > PayloadType.MAX) {
            throw new IllegalArgumentException("telephoneEventPt must be -1 or 0..127, was " + telephoneEventPt);
        }
        onLoop(() -> {
            if (started || closing) {
                LOG.warn("rtp session start ignored port={} started={} closing={}", port, started, closing);
                return;
            }
            this.codec = codec;
            this.telephoneEventPt = telephoneEventPt;
            this.playout = playout;
            this.silence = new byte[MediaFrame.SAMPLES];
            java.util.Arrays.fill(silence, codec.silence());
            setRemoteOnLoop(remote);
            started = true;
            pacer.register(this);
        });
    }

    /** Hold (RFC 3264 §8.4 sendonly/inactive from the far end): false pauses our sending and playout. */
    public void setSending(boolean value) {
        onLoop(() -> sending = value);
    }

    /** A re-INVITE moved the far end: send there from the next tick and accept a new SSRC. */
    public void setRemote(InetSocketAddress newRemote) {
        Objects.requireNonNull(newRemote, "remote");
        onLoop(() -> setRemoteOnLoop(newRemote));
    }

    /** Queues RFC 4733 digits ({@code 0-9 * # A-D}); false if none was negotiated or the digits are invalid. */
    public CompletionStage<Boolean> sendDigits(String digits) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        onLoop(() -> done.complete(telephoneEventPt >= 0 && !closing && dtmfSender.enqueue(digits)));
        return done;
    }

    /** The playout buffer it plays from, null before {@link #start}; use on the loop only. */
    public PlayoutBuffer playout() {
        return playout;
    }

    /** When the last valid packet from the caller arrived (monotonic clock), for the RTP timeout; any thread. */
    public long lastReceivedNanos() {
        return lastReceivedNanos;
    }

    /** Stops sending, unregisters from the pacer, closes the socket and returns the port. Idempotent. */
    public CompletionStage<Void> close() {
        onLoop(() -> {
            if (closing) {
                return;
            }
            closing = true;
            pacer.unregister(this);
            if (channel != null) {
                channel.close();
            } else {
                onChannelClosed();
            }
        });
        return closed;
    }

    private void onChannelClosed() {
        if (sendBuf != null) {
            sendBuf.release();
            sendBuf = null;
        }
        closing = true;
        pacer.unregister(this);
        pool.release(port);
        LOG.info("rtp session closed port={} sent={} received={} malformed={}", port, packetsSent,
                packetsReceived, malformed);
        closed.complete(null);
    }

    @Override
    public void tick() {
        dtmfReceiver.expire(options.clock().nanos());
        if (!started || closing || sendBuf == null) { // sendBuf: released with the channel
            return;
        }
        int ts = timestamp;
        timestamp = Rtp32.add(timestamp, MediaFrame.SAMPLES);
        if (!sending) {
            return;
        }
        DtmfSender.Packet event = telephoneEventPt >= 0 ? dtmfSender.poll(ts) : null;
        if (event != null) {
            send(event.marker(), telephoneEventPt, event.timestamp(), event.payload(), 0, event.payload().length);
            return;
        }
        PlayoutBuffer.Frame frame = playout.next();
        if (closing) {
            // next() told the listener an utterance ended and the call hung up there (after an apology):
            // the channel and sendBuf are gone, and that last frame goes unsent.
            return;
        }
        if (frame.isAudio()) {
            send(frame.marker(), codec.payloadType(), ts, frame.data(), frame.offset(), MediaFrame.SAMPLES);
        } else if (options.sendSilenceWhenIdle()) {
            send(false, codec.payloadType(), ts, silence, 0, MediaFrame.SAMPLES);
        }
    }

    private void send(boolean marker, int pt, int ts, byte[] payload, int off, int len) {
        ByteBuf buf = sendBuf;
        DatagramPacket packet = sendPacket;
        boolean reused = buf.refCnt() == 1;
        if (!reused) {
            // The previous packet is still queued in the channel (socket buffer full): don't overwrite it.
            sendBufferFallbacks++;
            buf = channel.alloc().directBuffer(MAX_PACKET, MAX_PACKET);
            packet = new DatagramPacket(buf, remote);
        }
        buf.clear();
        RtpPacket.writeHeader(buf, marker, pt, sequence, ts, ssrc);
        buf.writeBytes(payload, off, len);
        if (reused) {
            buf.retain(); // the channel releases it after writing; our reference survives
        }
        channel.writeAndFlush(packet, channel.voidPromise());
        sequence = Rtp16.next(sequence);
        packetsSent++;
        options.counters().packetsSent.increment();
        bytesSent += len;
    }

    private void setRemoteOnLoop(InetSocketAddress newRemote) {
        sendTo(newRemote);
        sources.expect(newRemote);
        remoteSsrcLatched = false;
    }

    private void sendTo(InetSocketAddress address) {
        remote = address;
        if (sendBuf != null) {
            sendPacket = new DatagramPacket(sendBuf, address);
        }
    }

    private void onDatagram(ByteBuf content, InetSocketAddress sender) {
        packetsReceived++;
        options.counters().packetsReceived.increment();
        bytesReceived += content.readableBytes();
        if (screen.oversized(content)) {
            options.counters().droppedOversized.increment();
            return;
        }
        if (screen.rtcp(content)) {
            options.counters().rtcpReceived.increment();
            return;
        }
        RtpDecodeResult result = RtpPacket.decode(content);
        if (!(result instanceof RtpPacket packet)) {
            malformed++;
            options.counters().droppedMalformed.increment();
            return;
        }
        if (started && !sources.accepts(sender)) {
            foreignSource++; // not the caller's media: never latched, never heard (SourceGuard)
            options.counters().droppedForeignSource.increment();
            return;
        }
        long now = options.clock().nanos();
        if (screen.flood(now)) {
            options.counters().droppedFlood.increment();
            return;
        }
        InetSocketAddress held = sources.learned();
        if (held != null && !held.equals(remote)) {
            sendTo(held); // symmetric RTP: answer where the caller's media really comes from
        }
        if (!remoteSsrcLatched || (packet.ssrc() != remoteSsrc && now - lastReceivedNanos >= SSRC_SWITCH_NANOS)) {
            remoteSsrcLatched = true;
            remoteSsrc = packet.ssrc();
        } else if (packet.ssrc() != remoteSsrc) {
            foreignSsrc++;
            options.counters().droppedForeignSsrc.increment();
            return;
        }
        lastReceivedNanos = now;
        if (!started) {
            return;
        }
        int pt = packet.payloadType();
        if (pt == telephoneEventPt) {
            dtmfReceiver.onPacket(packet.timestamp(), packet.payload(), now);
        } else if (pt == codec.payloadType()) {
            try {
                options.inbound().onAudio(packet);
            } catch (RuntimeException e) {
                listenerFailures++;
                LOG.warn("rtp inbound listener failed port={} error={}", port, e.toString(), e);
            }
        } else {
            otherPayloadType++;
            options.counters().droppedPayloadType.increment();
        }
    }

    private void onDigit(char digit, int durationMs) {
        try {
            options.inbound().onDigit(digit, durationMs);
        } catch (RuntimeException e) {
            listenerFailures++;
            LOG.warn("rtp dtmf listener failed port={} error={}", port, e.toString(), e);
        }
    }

    /** Counters; on the loop. */
    public RtpSessionStats stats() {
        return new RtpSessionStats(packetsSent, bytesSent, packetsReceived, bytesReceived, malformed,
                foreignSsrc, foreignSource, otherPayloadType, screen.oversizedCount(), screen.rtcpCount(),
                screen.floodCount(), dtmfReceiver.digits(), sendBufferFallbacks, listenerFailures,
                channelErrors, playout == null ? null : playout.stats());
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    /** Receives datagrams; never lets an exception into the pipeline. */
    private final class Inbound extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
            onDatagram(msg.content(), msg.sender());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // UDP errors (ICMP unreachable on some stacks, a failed write) are per-packet: count, keep the socket.
            channelErrors++;
            options.counters().socketErrors.increment();
            LOG.debug("rtp channel error port={} error={}", port, cause.toString());
        }
    }
}
