package io.sayline.core.call;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.speech.Speaker;
import io.sayline.core.tts.TtsSession;
import io.sayline.core.tts.TtsSessionContext;
import io.sayline.core.tts.TtsVendor;
import io.sayline.rtp.clock.MonotonicClock;
import io.sayline.rtp.g711.G711Codec;
import java.util.concurrent.TimeUnit;

/**
 * What the caller hears when the bot cannot be reached or is gone: a short sentence from the embedded
 * engine (which needs no network), then the call ends. A deadline ends it anyway should the apology
 * never finish playing (no ACK, no media).
 */
final class Apology {
    static final String TEXT = "Sorry, this service is not available right now. Please call again later. Goodbye.";
    private static final long DEADLINE_SECONDS = 15;

    private final Call call;
    private final TtsSession tts;
    private final Speaker speaker;
    private final OutboundMedia playout;
    private ScheduledFuture<?> deadline;
    private boolean done;

    Apology(Call call, CallServices services, EventLoop io, OutboundMedia playout, G711Codec codec) {
        this.call = call;
        this.playout = playout;
        TtsVendor embedded = services.apologyVendor();
        MonotonicClock clock = services.clock();
        this.tts = services.openTts(io, embedded, new TtsSessionContext(call.id(), null));
        this.speaker = new Speaker(tts, playout, this::event, call.loop(),
                embedded.outputFormat(), codec, clock::nanos, Integer.MAX_VALUE, services.metrics().speech);
    }

    void speak() {
        playout.clear(); // fade out whatever the bot had queued; the apology follows at once
        speaker.say(Command.Say.sentence("apology", TEXT));
        deadline = call.loop().schedule(this::finish, DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    Speaker speaker() {
        return speaker;
    }

    private void event(Event event) {
        if (event instanceof Event.SpeechDone || event instanceof Event.TtsError) {
            finish();
        }
    }

    private void finish() {
        if (!done) {
            done = true;
            call.apologyDone();
        }
    }

    void close() {
        done = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        speaker.close();
        tts.close();
    }
}
