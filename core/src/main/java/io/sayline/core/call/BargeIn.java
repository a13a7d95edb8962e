package io.sayline.core.call;

import io.netty.buffer.ByteBuf;
import io.sayline.config.BargeInConfig;
import io.sayline.rtp.g711.G711Codec;
import io.sayline.rtp.packet.RtpPacket;
import io.sayline.rtp.vad.EnergyVad;

/**
 * Caller speech detection for barge-in: each received audio packet goes through an energy VAD; a speech
 * onset is reported once. The payload is copied into one reused array (the datagram is released after
 * the callback), so nothing is allocated per packet. On the call loop.
 */
final class BargeIn {
    /** Larger than any G.711 packet we negotiate (20 ms = 160 bytes; even 60 ms would be 480). */
    private static final int MAX_PAYLOAD = 1024;

    private final EnergyVad vad;
    private final byte[] payload = new byte[MAX_PAYLOAD];

    private BargeIn(EnergyVad vad) {
        this.vad = vad;
    }

    /** The detector the configuration asks for, or null when barge-in by speech energy is off (or by words only). */
    static BargeIn of(BargeInConfig config) {
        return config.enabled() && config.byEnergy()
                ? new BargeIn(new EnergyVad(config.thresholdDbfs(), config.minSpeechMs(), config.hangoverMs()))
                : null;
    }

    /** True when this packet completes a speech onset. */
    boolean speechStarted(RtpPacket packet, G711Codec codec) {
        ByteBuf data = packet.payload();
        int length = Math.min(data.readableBytes(), payload.length);
        data.getBytes(data.readerIndex(), payload, 0, length);
        return vad.onFrame(payload, 0, length, codec);
    }
}
