package io.sayline.core.stt;

import io.netty.channel.EventLoop;
import io.sayline.config.SttVendorConfig;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.listen.CallerFrame;
import io.sayline.core.listen.CallerFrameListener;
import io.sayline.rtp.MediaFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call's transcription (the bot's {@code transcribe}): the caller's 20 ms frames from the caller timeline,
 * batched into {@code chunkMs} μ-law chunks for a {@link ScribeStream}; the vendor's transcripts back as
 * {@code transcript} events on the caller timeline; failures as {@code stt.error}, with reconnects.
 *
 * <p>Threading (THREADING.md, "Hand-offs"): everything here but the stream runs on the call loop ("guarded by
 * call loop"). The loop never calls the vendor: it queues connect, each chunk and close to the call's vendor
 * I/O thread (Netty's lock-free task queue), where JSON and base64 are made too. The stream's listener runs on
 * that I/O thread (the stream's socket is a channel of its loop) and hands each message back with
 * {@code loop.execute}. Both queues are bounded by
 * counters: past {@link #MAX_CHUNKS_IN_FLIGHT} chunks waiting for the I/O thread a chunk is dropped, past
 * {@link #MAX_MESSAGES_IN_FLIGHT} messages waiting for the loop a partial is dropped; both counted.
 *
 * <p>Timeline: a stream's vendor times count from its first audio, which was the caller's frame at
 * {@code originMs}; so a vendor time {@code t} s is caller position {@code originMs + 1000 t}. Without word
 * timings a transcript spans from the first audio sent after the previous commit to the last audio sent when
 * it arrived.
 */
public final class Transcriber implements CallerFrameListener {
    private static final Logger log = LoggerFactory.getLogger(Transcriber.class);
    static final int MAX_CHUNKS_IN_FLIGHT = 50;
    static final int MAX_MESSAGES_IN_FLIGHT = 64;
    static final long FIRST_RECONNECT_DELAY_MS = 100;

    /** Where the transcription's events go, on the call loop. */
    public interface Sink {
        void transcript(Event.Transcript transcript);

        void sttError(Event.SttError error);
    }

    private final String callId;
    private final EventLoop loop;
    private final EventLoop io;
    private final SttVendors vendors;
    private final SttCounters counters;
    private final Sink sink;
    private final AtomicInteger chunksInFlight = new AtomicInteger();
    private final AtomicInteger messagesInFlight = new AtomicInteger();
    /** This call's share of {@link SttCounters#framesNotSent}: added on the loop and on the I/O thread. */
    private final AtomicLong framesNotSent = new AtomicLong();

    // guarded by call loop
    private String name;
    private String language;
    private SttVendors.Service service;
    private SttVendorConfig block;
    private ScribeStream stream;
    private int generation;
    private int reconnects;
    private byte[] chunk;
    private int chunkFill;
    private long originMs = -1;
    private long phraseStartMs = -1;
    private long lastFrameEndMs;
    private String lastPartial;

    public Transcriber(String callId, EventLoop loop, EventLoop io, SttVendors vendors, SttCounters counters,
                       Sink sink) {
        this.callId = callId;
        this.loop = loop;
        this.io = io;
        this.vendors = vendors;
        this.counters = counters;
        this.sink = sink;
    }

    /**
     * Starts transcribing with block {@code sttName} (the route's when the bot named none); an unknown block is
     * an {@code stt.error} {@code not_configured}. Restarts when already on, so a new language applies.
     */
    public void start(String sttName, String languageCode) {
        stop();
        // Looked up once, kept until stop: this transcription's reconnects use it too, whatever a save changes.
        SttVendors.Service found = vendors.find(sttName);
        if (found == null) {
            sink.sttError(new Event.SttError(SttFailure.NOT_CONFIGURED, sttName == null
                    ? "this call's route names no stt block, and transcribe named none"
                    : "no stt block named '" + sttName + "'", sttName, false));
            return;
        }
        name = sttName;
        service = found;
        block = found.block();
        language = languageCode != null ? languageCode : block.languageCode();
        reconnects = 0;
        log.info("call {}: transcribing with stt {}", callId, sttName);
        open();
    }

    /** Stops sending audio and closes the stream; transcripts still in flight are dropped. */
    public void stop() {
        discardPartialChunk();
        if (stream != null) {
            ScribeStream closing = stream;
            onIo(closing::close);
            stream = null;
        }
        name = null;
        generation++;
    }

    /** 20 ms caller frames that were not sent to the vendor in this call (stream down or behind). */
    public long framesNotSent() {
        return framesNotSent.get();
    }

    private void open() {
        int streamGeneration = ++generation;
        ScribeStream opened = vendors.stream(io, service, language, new ToLoop(streamGeneration));
        stream = opened;
        chunk = new byte[block.chunkMs() * MediaFrame.SAMPLES_PER_MS];
        chunkFill = 0;
        originMs = -1;
        phraseStartMs = -1;
        lastPartial = null;
        onIo(opened::connect);
    }

    @Override
    public void onCallerFrame(CallerFrame frame) {
        if (name == null) {
            return;
        }
        if (stream == null) { // down, waiting to reconnect: this audio is lost to the vendor
            notSent(1);
            return;
        }
        if (originMs < 0) {
            originMs = frame.positionMs();
        }
        if (phraseStartMs < 0) {
            phraseStartMs = frame.positionMs();
        }
        lastFrameEndMs = frame.positionMs() + MediaFrame.MS;
        byte[] payload = frame.payload();
        frame.codec().toUlaw(payload, 0, payload.length, chunk, chunkFill);
        chunkFill += payload.length;
        if (chunkFill == chunk.length) {
            sendChunk();
        }
    }

    private void sendChunk() {
        byte[] full = chunk;
        int frames = chunkFill / MediaFrame.BYTES;
        chunk = new byte[full.length];
        chunkFill = 0;
        if (chunksInFlight.incrementAndGet() > MAX_CHUNKS_IN_FLIGHT) {
            chunksInFlight.decrementAndGet();
            notSent(frames);
            return;
        }
        ScribeStream target = stream;
        onIo(() -> {
            chunksInFlight.decrementAndGet();
            if (target.send(full)) {
                counters.chunksSent.increment();
            } else {
                notSent(frames);
            }
        });
    }

    /** Frames batched for a stream that is gone: never sent, so counted. */
    private void discardPartialChunk() {
        if (chunkFill > 0) {
            notSent(chunkFill / MediaFrame.BYTES);
            chunkFill = 0;
        }
    }

    private void notSent(int frames) {
        framesNotSent.addAndGet(frames);
        counters.framesNotSent.add(frames);
    }

    // ---- from the vendor, handed to the loop ----

    private void onMessage(int streamGeneration, ScribeMessage message) {
        if (streamGeneration != generation || name == null) {
            return; // a stream stopped or replaced since
        }
        long nowEndMs = originMs < 0 ? 0 : lastFrameEndMs;
        long startMs = Math.max(phraseStartMs, 0);
        if (message instanceof ScribeMessage.Partial partial) {
            if (!partial.text().isBlank() && !partial.text().equals(lastPartial)) {
                lastPartial = partial.text();
                counters.partials.increment();
                sink.transcript(new Event.Transcript(partial.text(), false, startMs, nowEndMs, language, null));
            }
        } else if (message instanceof ScribeMessage.Committed committed) {
            if (!block.includeTimestamps()) {
                finalTranscript(new Event.Transcript(committed.text(), true, startMs, nowEndMs, language, null));
            }
        } else if (message instanceof ScribeMessage.CommittedWithTimestamps timed) {
            finalTranscript(timed(timed, startMs, nowEndMs));
        } else if (message instanceof ScribeMessage.Unusable unusable) {
            log.debug("call {}: stt {} message ignored: {}", callId, name, unusable.why());
        }
    }

    private void finalTranscript(Event.Transcript transcript) {
        lastPartial = null;
        phraseStartMs = -1;
        if (!transcript.text().isBlank()) {
            counters.finals.increment();
            sink.transcript(transcript);
        }
    }

    private Event.Transcript timed(ScribeMessage.CommittedWithTimestamps timed, long startMs, long endMs) {
        List<Event.Word> words = new ArrayList<>(timed.words().size());
        for (ScribeMessage.Word w : timed.words()) {
            words.add(new Event.Word(w.text(), onTimeline(w.startSeconds()), onTimeline(w.endSeconds())));
        }
        long start = words.isEmpty() ? startMs : words.get(0).startMs();
        long end = words.isEmpty() ? endMs : words.get(words.size() - 1).endMs();
        String code = timed.languageCode() != null ? timed.languageCode() : language;
        return new Event.Transcript(timed.text(), true, start, end, code, words);
    }

    private long onTimeline(double vendorSeconds) {
        return Math.max(originMs, 0) + Math.round(vendorSeconds * 1000);
    }

    private void onEnded(int streamGeneration, SttFailure failure) {
        if (streamGeneration != generation || name == null || failure == null) {
            return;
        }
        stream = null;
        discardPartialChunk();
        counters.failures.increment();
        boolean retrying = failure.retryable() && reconnects < block.maxReconnects();
        log.info("call {}: stt {} failed: {} {}{}", callId, name, failure.code(), failure.message(),
                retrying ? " (reconnecting)" : "");
        sink.sttError(new Event.SttError(failure.code(), failure.message(), name, retrying));
        if (!retrying) {
            name = null;
            return;
        }
        long delay = FIRST_RECONNECT_DELAY_MS << reconnects++;
        int waitingGeneration = generation;
        loop.schedule(() -> {
            if (waitingGeneration == generation && name != null) {
                counters.reconnects.increment();
                open();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void onIo(Runnable work) {
        try {
            io.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.warn("call {}: stt {} vendor call failed", callId, name, e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("call {}: stt work dropped: the server is stopping", callId);
        }
    }

    /** The stream's listener: on the call's vendor I/O thread, hands everything to the call loop. */
    private final class ToLoop implements ScribeStream.Listener {
        private final int streamGeneration;

        ToLoop(int streamGeneration) {
            this.streamGeneration = streamGeneration;
        }

        @Override
        public void message(ScribeMessage message) {
            if (message instanceof ScribeMessage.Partial
                    && messagesInFlight.get() >= MAX_MESSAGES_IN_FLIGHT) {
                counters.partialsDropped.increment();
                return;
            }
            messagesInFlight.incrementAndGet();
            execute(() -> {
                messagesInFlight.decrementAndGet();
                onMessage(streamGeneration, message);
            });
        }

        @Override
        public void ended(SttFailure failure) {
            execute(() -> onEnded(streamGeneration, failure));
        }

        private void execute(Runnable task) {
            try {
                loop.execute(task);
            } catch (RejectedExecutionException e) {
                log.debug("call {}: stt message dropped: the server is stopping", callId);
            }
        }
    }
}
