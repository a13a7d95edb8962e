package io.sayline.rtp.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.sayline.config.PlayoutConfig;
import io.sayline.config.PortRange;
import io.sayline.rtp.clock.MonotonicClock;
import io.sayline.rtp.g711.G711Codec;
import io.sayline.rtp.pacer.Pacer;
import io.sayline.rtp.packet.Rtp16;
import io.sayline.rtp.packet.Rtp32;
import io.sayline.rtp.packet.RtpPacket;
import io.sayline.rtp.playout.PlayoutListener;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An RtpSession over real loopback UDP, with a plain Netty channel playing the caller. */
class RtpSessionTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final byte SILENCE = G711Codec.PCMU.silence();

    private EventLoopGroup group;
    private EventLoop loop;
    private Pacer pacer;
    private PortPool pool;
    private NioEventLoopGroup callerGroup;
    private Channel caller;
    private final BlockingQueue<RtpPacket> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp() throws Exception {
        group = Epoll.isAvailable() ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        loop = group.next();
        pacer = new Pacer(loop, MonotonicClock.system());
        int base = 30_000 + 2 * ThreadLocalRandom.current().nextInt(10_000);
        pool = new PortPool(new PortRange(base, base + 40));
        callerGroup = new NioEventLoopGroup(1);
        caller = new Bootstrap().group(callerGroup).channel(NioDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
                        byte[] copy = new byte[msg.content().readableBytes()];
                        msg.content().getBytes(msg.content().readerIndex(), copy);
                        received.add((RtpPacket) RtpPacket.decode(Unpooled.wrappedBuffer(copy)));
                    }
                })
                .bind(new InetSocketAddress(LOOPBACK, 0)).sync().channel();
    }

    @AfterEach
    void tearDown() {
        caller.close().syncUninterruptibly();
        callerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private RtpSession open(RtpSessionOptions options) throws Exception {
        return RtpSession.open(loop, pacer, LOOPBACK, pool, options).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private InetSocketAddress callerAddress() {
        return (InetSocketAddress) caller.localAddress();
    }

    private RtpPacket take() throws InterruptedException {
        RtpPacket p = received.poll(2, TimeUnit.SECONDS);
        assertNotNull(p, "no RTP packet within 2 s");
        return p;
    }

    private static byte[] tone(int frame) {
        byte[] f = new byte[160];
        for (int i = 0; i < f.length; i++) {
            f[i] = G711Codec.PCMU.encode((short) (8000 * Math.sin(2 * Math.PI * 440 * (frame * 160 + i) / 8000.0)));
        }
        return f;
    }

    private static boolean isSilence(RtpPacket p) {
        byte[] b = p.payloadBytes();
        byte[] s = new byte[b.length];
        Arrays.fill(s, SILENCE);
        return Arrays.equals(b, s);
    }

    private void offerOnLoop(RtpSession session, Object tag, int frames) throws Exception {
        loop.submit(() -> {
            for (int i = 0; i < frames; i++) {
                session.playout().offer(tone(i), tag);
            }
            session.playout().endOfUtterance(tag);
        }).get(2, TimeUnit.SECONDS);
    }

    @Test
    void sendsContinuousPacedRtpWithMarkersOnTalkspurtsAndSilenceBetween() throws Exception {
        CountDownLatch firstDone = new CountDownLatch(1);
        PlayoutListener listener = new PlayoutListener() {
            @Override
            public void utteranceFinished(Object tag, int framesPlayed) {
                if ("one".equals(tag)) {
                    firstDone.countDown();
                }
            }
        };
        RtpSession session = open(RtpSessionOptions.builder()
                .playout(new PlayoutConfig(40, 400, false)).playoutListener(listener).build());
        session.start(callerAddress(), G711Codec.PCMU, 101);
        List<RtpPacket> packets = new ArrayList<>();
        packets.add(take()); // idle silence flows before anyone speaks
        offerOnLoop(session, "one", 5);
        assertTrue(firstDone.await(2, TimeUnit.SECONDS));
        offerOnLoop(session, "two", 3);
        int audio = 0;
        int trailingSilence = 0;
        while (trailingSilence < 5) {
            RtpPacket p = take();
            packets.add(p);
            if (isSilence(p)) {
                trailingSilence = audio == 8 ? trailingSilence + 1 : 0;
            } else {
                audio++;
            }
        }
        session.close().toCompletableFuture().get(2, TimeUnit.SECONDS);

        int markers = 0;
        for (int i = 0; i < packets.size(); i++) {
            RtpPacket p = packets.get(i);
            assertEquals(160, p.payload().readableBytes());
            assertEquals(0, p.payloadType());
            if (i > 0) {
                RtpPacket prev = packets.get(i - 1);
                assertEquals(1, Rtp16.diff(p.sequenceNumber(), prev.sequenceNumber()), "sequence at " + i);
                assertEquals(160, Rtp32.diff(p.timestamp(), prev.timestamp()), "timestamp at " + i);
                assertEquals(prev.ssrc(), p.ssrc());
            }
            // each utterance begins with tone(0) and exactly there the marker is set
            assertEquals(Arrays.equals(tone(0), p.payloadBytes()), p.marker(), "marker at " + i);
            markers += p.marker() ? 1 : 0;
        }
        assertEquals(2, markers);
        assertEquals(8, audio);
        assertTrue(isSilence(packets.get(0)), "silence before the first utterance");
    }

    @Test
    void firstAudioPacketCarriesTheMarkerAndTheOfferedBytes() throws Exception {
        RtpSession session = open(RtpSessionOptions.builder().playout(new PlayoutConfig(20, 400, false)).build());
        session.start(callerAddress(), G711Codec.PCMU, -1);
        take();
        offerOnLoop(session, "u", 3);
        RtpPacket p = take();
        while (isSilence(p)) {
            assertTrue(!p.marker());
            p = take();
        }
        assertTrue(p.marker());
        assertArrayEquals(tone(0), p.payloadBytes());
        RtpPacket second = take();
        assertTrue(!second.marker());
        assertArrayEquals(tone(1), second.payloadBytes());
        session.close();
    }

    @Test
    void idleSessionSendsNothingWhenSilenceIsOff() throws Exception {
        RtpSession session = open(RtpSessionOptions.builder().sendSilenceWhenIdle(false).build());
        session.start(callerAddress(), G711Codec.PCMA, -1);
        offerOnLoop(session, "u", 2);
        RtpPacket first = take();
        assertTrue(first.marker());
        assertEquals(8, first.payloadType());
        take();
        RtpPacket none = received.poll(200, TimeUnit.MILLISECONDS);
        assertEquals(null, none);
        session.close();
    }

    @Test
    void holdStopsSendingAndResumeContinuesTheStream() throws Exception {
        RtpSession session = open(RtpSessionOptions.builder().build());
        session.start(callerAddress(), G711Codec.PCMU, -1);
        RtpPacket before = take();
        session.setSending(false);
        loop.submit(() -> { }).get();
        received.clear();
        assertEquals(null, received.poll(150, TimeUnit.MILLISECONDS));
        session.setSending(true);
        RtpPacket after = take();
        assertTrue(Rtp32.diff(after.timestamp(), before.timestamp()) >= 160 * 7, "media clock kept running");
        assertTrue(Rtp16.diff(after.sequenceNumber(), before.sequenceNumber()) >= 1);
        session.close();
    }

    @Test
    void receivesAudioDigitsAndCountsMalformedAndForeignPackets() throws Exception {
        BlockingQueue<String> inbound = new LinkedBlockingQueue<>();
        RtpSession session = listening(inbound);
        InetSocketAddress target = new InetSocketAddress(LOOPBACK, session.localPort());
        long before = session.lastReceivedNanos();

        send(target, RtpPacket.builder().payloadType(0).sequenceNumber(1).timestamp(0).ssrc(77)
                .payload(new byte[160]).build());
        caller.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}), target)).sync();
        send(target, RtpPacket.builder().payloadType(0).sequenceNumber(9).ssrc(78).payload(new byte[160]).build());
        for (int i = 0; i < 3; i++) {
            send(target, RtpPacket.builder().payloadType(101).sequenceNumber(2 + i).timestamp(160).ssrc(77)
                    .marker(i == 0).payload(new byte[] {5, (byte) 0x8a, 0x03, 0x20}).build());
        }
        send(target, RtpPacket.builder().payloadType(13).sequenceNumber(5).ssrc(77).payload(new byte[1]).build());
        assertEquals("audio 160", inbound.poll(2, TimeUnit.SECONDS));
        assertEquals("digit 5 100", inbound.poll(2, TimeUnit.SECONDS));
        RtpSessionStats stats = loop.submit(session::stats).get();
        assertEquals(7, stats.packetsReceived());
        assertEquals(1, stats.malformed());
        assertEquals(1, stats.foreignSsrc());
        assertEquals(1, stats.otherPayloadType());
        assertEquals(1, stats.dtmfDigits());
        assertTrue(session.lastReceivedNanos() > before);
        assertEquals(null, inbound.poll(50, TimeUnit.MILLISECONDS));
        session.close();
    }

    @Test
    void rtcpAndOversizedDatagramsAreCountedAndNeverHeard() throws Exception {
        BlockingQueue<String> inbound = new LinkedBlockingQueue<>();
        RtpSession session = listening(inbound);
        InetSocketAddress target = new InetSocketAddress(LOOPBACK, session.localPort());
        byte[] senderReport = new byte[28];
        senderReport[0] = (byte) 0x80; // version 2, no padding, no report blocks
        senderReport[1] = (byte) 200; // SR
        senderReport[3] = 6; // length in 32-bit words minus one
        caller.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(senderReport), target)).sync();
        byte[] huge = new byte[InboundScreen.MAX_DATAGRAM_BYTES + 1];
        huge[0] = (byte) 0x80;
        caller.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(huge), target)).sync();
        send(target, RtpPacket.builder().payloadType(0).sequenceNumber(1).ssrc(77).payload(new byte[160]).build());
        assertEquals("audio 160", inbound.poll(2, TimeUnit.SECONDS), "the call's own audio still heard");
        RtpSessionStats stats = loop.submit(session::stats).get();
        assertEquals(1, stats.rtcp());
        assertEquals(1, stats.oversized());
        assertEquals(0, stats.malformed(), "RTCP is not malformed RTP");
        assertEquals(null, inbound.poll(50, TimeUnit.MILLISECONDS));
        session.close();
    }

    @Test
    void audioAndDigitsFromAnyoneButTheCallersSdpAddressAreDroppedAndCounted() throws Exception {
        BlockingQueue<String> inbound = new LinkedBlockingQueue<>();
        RtpSession session = listening(inbound);
        InetSocketAddress target = new InetSocketAddress(LOOPBACK, session.localPort());
        try (java.net.DatagramSocket stranger = new java.net.DatagramSocket(0, LOOPBACK)) {
            // An injector who knows the port (RTP Bleed): first, so it would have latched the SSRC before.
            strangerSend(stranger, target, RtpPacket.builder().payloadType(0).sequenceNumber(1).ssrc(66)
                    .payload(new byte[160]).build());
            for (int i = 0; i < 3; i++) {
                strangerSend(stranger, target, RtpPacket.builder().payloadType(101).sequenceNumber(2 + i)
                        .timestamp(160).ssrc(66).marker(i == 0).payload(new byte[] {9, (byte) 0x8a, 0x03, 0x20}).build());
            }
            send(target, RtpPacket.builder().payloadType(0).sequenceNumber(1).ssrc(77).payload(new byte[160]).build());
            assertEquals("audio 160", inbound.poll(2, TimeUnit.SECONDS), "the caller is heard");
            assertEquals(null, inbound.poll(100, TimeUnit.MILLISECONDS), "the stranger's audio and digit are not");
            RtpSessionStats stats = loop.submit(session::stats).get();
            assertEquals(4, stats.foreignSource());
            assertEquals(0, stats.dtmfDigits());
        }
        session.close();
    }

    @Test
    void symmetricModeLearnsTheCallersRealSourceThenHoldsItAndSendsThere() throws Exception {
        BlockingQueue<String> inbound = new LinkedBlockingQueue<>();
        RtpSession session = open(RtpSessionOptions.builder().inbound(inboundListener(inbound)).symmetric(true)
                .build());
        // The SDP names a private address the caller cannot be reached on (NAT): nothing listens there.
        session.start(new InetSocketAddress(LOOPBACK, 9), G711Codec.PCMU, -1);
        loop.submit(() -> { }).get();
        InetSocketAddress target = new InetSocketAddress(LOOPBACK, session.localPort());
        for (int i = 0; i < SourceGuard.LEARNING_PACKETS; i++) {
            send(target, RtpPacket.builder().payloadType(0).sequenceNumber(i).ssrc(77).payload(new byte[160]).build());
        }
        assertNotNull(take(), "media now goes where the caller really is");
        try (java.net.DatagramSocket stranger = new java.net.DatagramSocket(0, LOOPBACK)) {
            strangerSend(stranger, target, RtpPacket.builder().payloadType(0).sequenceNumber(1).ssrc(66)
                    .payload(new byte[160]).build());
        }
        // The caller's next packet arrives after the stranger's, so once it is heard the stranger's was handled.
        send(target, RtpPacket.builder().payloadType(0).sequenceNumber(9).ssrc(77).payload(new byte[160]).build());
        for (int i = 0; i <= SourceGuard.LEARNING_PACKETS; i++) {
            assertEquals("audio 160", inbound.poll(2, TimeUnit.SECONDS));
        }
        assertEquals(null, inbound.poll(100, TimeUnit.MILLISECONDS), "the stranger is not heard");
        assertEquals(1, loop.submit(session::stats).get().foreignSource());
        session.close();
    }

    private static InboundListener inboundListener(BlockingQueue<String> inbound) {
        return new InboundListener() {
            @Override
            public void onAudio(RtpPacket packet) {
                inbound.add("audio " + packet.payload().readableBytes());
            }

            @Override
            public void onDigit(char digit, int durationMs) {
                inbound.add("digit " + digit + " " + durationMs);
            }
        };
    }

    private static void strangerSend(java.net.DatagramSocket stranger, InetSocketAddress target, RtpPacket packet)
            throws java.io.IOException {
        ByteBuf buf = Unpooled.buffer();
        packet.encodeTo(buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        stranger.send(new java.net.DatagramPacket(bytes, bytes.length, target));
    }

    @Test
    void digitsAreSentAsTelephoneEventsInTheSameStream() throws Exception {
        RtpSession session = open(RtpSessionOptions.builder().build());
        session.start(callerAddress(), G711Codec.PCMU, 101);
        take();
        assertTrue(session.sendDigits("4").toCompletableFuture().get(2, TimeUnit.SECONDS));
        List<RtpPacket> events = new ArrayList<>();
        RtpPacket last = null;
        while (events.size() < 7) {
            RtpPacket p = take();
            if (last != null) {
                assertEquals(1, Rtp16.diff(p.sequenceNumber(), last.sequenceNumber()));
            }
            last = p;
            if (p.payloadType() == 101) {
                events.add(p);
            }
        }
        assertTrue(events.get(0).marker());
        for (RtpPacket e : events) {
            assertEquals(events.get(0).timestamp(), e.timestamp());
            assertEquals(4, e.payload().readableBytes());
        }
        assertEquals(0x80, events.get(6).payload().getUnsignedByte(1) & 0x80);
        session.close();
    }

    @Test
    void closeReturnsThePortAndIsIdempotent() throws Exception {
        int free = pool.available();
        RtpSession session = open(RtpSessionOptions.builder().build());
        assertEquals(free - 1, pool.available());
        session.start(callerAddress(), G711Codec.PCMU, -1);
        take();
        session.close().toCompletableFuture().get(2, TimeUnit.SECONDS);
        session.close().toCompletableFuture().get(2, TimeUnit.SECONDS);
        assertEquals(free, pool.available());
        received.clear();
        assertEquals(null, received.poll(100, TimeUnit.MILLISECONDS));
        assertEquals(0, loop.submit(() -> pacer.schedule().streamCount()).get());
    }

    @Test
    void aSessionClosedByItsPlayoutListenerInTheMiddleOfATickSendsNothingMoreAndDoesNotFail() throws Exception {
        // A call that hangs up when its last utterance (an apology) has played closes the session from inside
        // playout.next(), in the tick that was about to send that frame.
        AtomicReference<RtpSession> self = new AtomicReference<>();
        CountDownLatch closed = new CountDownLatch(1);
        PlayoutListener hangUpAfterLastFrame = new PlayoutListener() {
            @Override
            public void utteranceFinished(Object tag, int framesPlayed) {
                self.get().close();
                closed.countDown();
            }
        };
        RtpSession session = open(RtpSessionOptions.builder()
                .playout(new PlayoutConfig(20, 400, false)).playoutListener(hangUpAfterLastFrame).build());
        self.set(session);
        session.start(callerAddress(), G711Codec.PCMU, -1);
        take();
        offerOnLoop(session, "apology", 3);

        assertTrue(closed.await(2, TimeUnit.SECONDS));
        session.close().toCompletableFuture().get(2, TimeUnit.SECONDS);
        received.clear();
        assertEquals(null, received.poll(100, TimeUnit.MILLISECONDS));
        assertEquals(0, loop.submit(() -> pacer.schedule().tickFailures()).get());
        assertEquals(0, loop.submit(() -> pacer.schedule().streamCount()).get());
    }

    @Test
    void portThatFailsToBindIsSkipped() throws Exception {
        int first = pool.range().low() % 2 == 0 ? pool.range().low() : pool.range().low() + 1;
        try (DatagramSocket squatter = new DatagramSocket(new InetSocketAddress(LOOPBACK, first))) {
            RtpSession session = open(RtpSessionOptions.builder().build());
            assertNotEquals(first, session.localPort());
            assertEquals(0, session.localPort() % 2);
            session.close().toCompletableFuture().get(2, TimeUnit.SECONDS);
        }
    }

    /**
     * A session started towards the caller (PCMU, telephone-event 101, no idle silence) whose inbound audio and
     * digits land in {@code inbound}; start() runs on the loop, and audio read before it is dropped by design, so
     * this waits for it.
     */
    private RtpSession listening(BlockingQueue<String> inbound) throws Exception {
        RtpSession session = open(RtpSessionOptions.builder().inbound(inboundListener(inbound))
                .sendSilenceWhenIdle(false).build());
        session.start(callerAddress(), G711Codec.PCMU, 101);
        loop.submit(() -> { }).get();
        return session;
    }

    private void send(InetSocketAddress target, RtpPacket packet) throws InterruptedException {
        ByteBuf buf = Unpooled.buffer();
        packet.encodeTo(buf);
        caller.writeAndFlush(new DatagramPacket(buf, target)).sync();
    }
}
