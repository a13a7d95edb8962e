package io.sayline.core.call;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.sayline.config.ConfigException;
import io.sayline.config.BargeInConfig;
import io.sayline.config.RedactedUrl;
import io.sayline.config.RouteConfig;
import io.sayline.core.control.ControlChannel;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.control.protocol.Event.InterruptReason;
import io.sayline.core.control.protocol.ProtocolErrorCode;
import io.sayline.core.control.protocol.Event.EndReason;
import io.sayline.core.listen.AudioForwarder;
import io.sayline.core.listen.CallerTimeline;
import io.sayline.core.speech.Speaker;
import io.sayline.core.stt.Transcriber;
import io.sayline.rtp.g711.G711Codec;
import io.sayline.rtp.packet.RtpPacket;
import io.sayline.rtp.playout.PlayoutListener;
import io.sayline.rtp.session.InboundListener;
import io.sayline.rtp.session.RtpSession;
import io.sayline.rtp.session.RtpSessionOptions;
import io.sayline.rtp.session.RtpSessionStats;
import io.sayline.sip.InboundCall;
import io.sayline.sip.RemoteMedia;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call: a SIP dialog, its RTP session, the bot's control channel and the speech between them.
 *
 * <pre>
 *   ALLOCATING --RTP port bound, 200 OK sent--> ANSWERED --ACK--> ACTIVE
 *        |                                          |               |
 *        +----- no port: 503 ---+                   +----- BYE, CANCEL, hangup, timeout, error -----+
 *                               v                                                                   v
 *                             ENDED <---------------------------- teardown ------------------------+
 * </pre>
 *
 * <p>Threading: created on a SIP thread, then everything happens on {@link #loop()}; every field below
 * the constructor's is guarded by the call loop. Other threads hand work over with {@code loop.execute}.
 */
public final class Call implements PlayoutListener, InboundListener, BotLink.Owner {
    private static final Logger log = LoggerFactory.getLogger(Call.class);
    private static final long RTP_WATCH_PERIOD_MS = 1000;

    private enum State { ALLOCATING, ANSWERED, ACTIVE, ENDED }

    private final InboundCall sip;
    private final EventLoop loop;
    private final CallServices services;
    private final RouteConfig route;
    private final CallVoice voice;
    private final BargeIn bargeIn;
    private final Instant startedAt = Instant.now();
    private final long startNanos;
    private final DigitsToCaller digits;
    private final CommandBudget budget = new CommandBudget();
    private final CallTally tally = new CallTally();
    private final OutboundMedia outbound;
    private final CallerTimeline timeline;
    private final Transcriber transcriber;
    /** Barge-in by the caller's words (bargeIn.mode words or both): characters a transcript needs, or 0 when off. */
    private final int transcriptBargeInChars;

    // guarded by call loop
    private State state = State.ALLOCATING;
    private RtpSession rtp;
    private G711Codec codec;
    private Speaker speaker;
    private BotLink bot;
    private ScheduledFuture<?> rtpWatch;
    private long mediaStartNanos;
    private boolean remoteSends = true;
    private Apology apology;
    private AudioForwarder audioToBot; // the bot's listen; made with the bot link

    Call(InboundCall sip, EventLoop loop, CallServices services, RouteConfig route) {
        this.sip = sip;
        this.loop = loop;
        this.services = services;
        this.route = route;
        this.voice = new CallVoice(sip.id(), services, route.tts());
        this.bargeIn = BargeIn.of(services.config().bargeIn());
        this.startNanos = services.clock().nanos();
        this.outbound = new OutboundMedia(services.config().playout(), this, services.metrics().media);
        this.timeline = new CallerTimeline(services.clock()::nanos, services.metrics().listen);
        this.transcriber = new Transcriber(sip.id(), loop, voice.io(), services.stt(), services.metrics().stt,
                new TranscriptsToBot());
        this.timeline.subscribe(transcriber);
        BargeInConfig bargeInConfig = services.config().bargeIn();
        this.transcriptBargeInChars = bargeInConfig.enabled() && bargeInConfig.byWords()
                ? bargeInConfig.minTranscriptChars() : 0;
        this.digits = new DigitsToCaller(loop, event -> bot.send(event)); // the bot exists before its commands
    }

    public String id() {
        return sip.id();
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    /** Binds the RTP port, then answers. On the call loop. */
    void start() {
        RtpSessionOptions options = RtpSessionOptions.builder().rtp(services.config().rtp())
                .inbound(this).clock(services.clock()).counters(services.metrics().media).build();
        RtpSession.open(loop, services.pacers().forLoop(loop), sip.localAddress(), services.ports(), options)
                .whenComplete((session, failure) -> loop.execute(() -> {
                    if (failure != null) {
                        log.warn("call {}: no RTP port: {}", id(), failure.toString());
                        sip(() -> sip.reject(503, "No media port available"));
                        teardown(EndReason.ERROR);
                    } else {
                        answer(session);
                    }
                }));
    }

    private void answer(RtpSession session) {
        if (state == State.ENDED) {
            session.close(); // the caller cancelled while the port was being bound
            return;
        }
        rtp = session;
        int port = rtp.localPort();
        sip(() -> sip.answer(sip.localAddress(), port));
        state = State.ANSWERED;
        timeline.answeredAt(services.clock().nanos());
        tally.answered();
        voice.session(); // warms a vendor socket while the caller ACKs
        sip.offer().ifPresent(this::connectBot);
        log.info("call {} answered: {} -> {} rtp :{} bot {}", id(), sip.from(), sip.to(), rtp.localPort(),
                RedactedUrl.of(route.bot()));
    }

    /**
     * Once the codec is known (from the INVITE's offer, or from the ACK's answer when the INVITE had no SDP)
     * the speaker can encode for it and {@code session.start} can name it: connect to the bot.
     */
    private void connectBot(RemoteMedia media) {
        codec = G711Codec.valueOf(media.codec());
        outbound.codecChosen(codec);
        speaker = new Speaker(voice.session(), outbound, this::speechEvent, loop, voice.vendor().outputFormat(), codec,
                services.clock()::nanos, services.config().control().maxBufferedChars(), services.metrics().speech);
        bot = new BotLink(this, BotAddress.resolve(route.bot(), services.builtinBots()), route.token(),
                services.config().control());
        audioToBot = new AudioForwarder(bot, services.metrics().listen);
        timeline.subscribe(audioToBot);
        bot.connect(sessionStart(false));
    }

    /** The caller's ACK: media starts. */
    void onAck() {
        if (state != State.ANSWERED) {
            return;
        }
        RemoteMedia media = sip.offer().orElse(null);
        if (media == null) {
            log.warn("call {}: ACK without usable remote media", id());
            hangup(EndReason.ERROR);
            return;
        }
        state = State.ACTIVE;
        if (speaker == null) {
            connectBot(media);
        }
        rtp.start(media.rtpAddress(), outbound.buffer(), media.telephoneEventPayloadType());
        applyDirection(media);
        digits.mediaStarted(rtp);
        int timeout = services.config().rtp().rtpTimeoutSeconds();
        if (timeout > 0) {
            rtpWatch = loop.scheduleAtFixedRate(() -> checkRtpTimeout(timeout), RTP_WATCH_PERIOD_MS,
                    RTP_WATCH_PERIOD_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** A re-INVITE: new address, or hold/resume. */
    void onMediaUpdate(RemoteMedia media) {
        if (state != State.ACTIVE) {
            return;
        }
        rtp.setRemote(media.rtpAddress());
        applyDirection(media);
    }

    private void applyDirection(RemoteMedia media) {
        rtp.setSending(!media.onHold());
        remoteSends = media.direction().remoteSends();
        mediaStartNanos = services.clock().nanos(); // the timeout counts from the last change
    }

    private void checkRtpTimeout(int timeoutSeconds) {
        if (state != State.ACTIVE || !remoteSends) {
            return;
        }
        long last = Math.max(rtp.lastReceivedNanos(), mediaStartNanos);
        if (services.clock().nanos() - last > TimeUnit.SECONDS.toNanos(timeoutSeconds)) {
            log.info("call {}: no RTP from the caller for {} s", id(), timeoutSeconds);
            hangup(EndReason.RTP_TIMEOUT);
        }
    }

    /** A key pressed by the caller, from RFC 4733 (InboundListener) or SIP INFO. */
    @Override
    public void onDigit(char digit, int durationMs) {
        if (state == State.ENDED) {
            return;
        }
        tally.digitReceived();
        if (speaker != null) {
            speaker.callerInterrupted(InterruptReason.DTMF);
        }
        if (bot != null) {
            bot.send(new Event.Dtmf(String.valueOf(digit), durationMs));
        }
    }

    /**
     * Caller audio (InboundListener, on the loop): onto the caller timeline, whose 20 ms frames go to the
     * call's listeners (audio to the bot, transcription); and the energy VAD's speech onset barges in on an
     * utterance that speech may interrupt.
     */
    @Override
    public void onAudio(RtpPacket packet) {
        timeline.onAudio(packet, codec);
        if (bargeIn != null && speaker != null && state == State.ACTIVE && bargeIn.speechStarted(packet, codec)
                && speaker.callerInterrupted(InterruptReason.SPEECH)) {
            services.metrics().bargeIns.increment();
        }
    }

    /** The SIP side says the call is over (BYE, CANCEL, timeout, error). */
    void onSipEnded(io.sayline.sip.EndReason reason) {
        switch (reason) {
            case CALLER_BYE, CANCELLED -> teardown(EndReason.CALLER_HANGUP);
            case LOCAL_BYE -> teardown(EndReason.BOT_HANGUP); // only if not torn down already
            default -> teardown(EndReason.ERROR);
        }
    }

    /** We end the call: BYE to the caller, {@code session.end} to the bot. */
    void hangup(EndReason reason) {
        if (state == State.ENDED) {
            return;
        }
        sip(sip::hangup);
        teardown(reason);
    }

    // ---- BotLink.Owner: the bot's commands and the channel's fate, on the call loop ----

    @Override
    public void onCommand(Command command) {
        if (state == State.ENDED || apology != null || !withinBudget(command)) {
            return;
        }
        if (command instanceof Command.Say say) {
            speaker.say(say);
        } else if (command instanceof Command.Clear) {
            speaker.clear();
        } else if (command instanceof Command.Mark mark) {
            speaker.mark(mark.name());
        } else if (command instanceof Command.Hangup) {
            hangup(EndReason.BOT_HANGUP);
        } else if (command instanceof Command.Dtmf dtmf) {
            digits.send(dtmf.digits());
        } else if (command instanceof Command.Transfer transfer) {
            transfer(transfer.target());
        } else if (command instanceof Command.Configure configure) {
            configure(configure.tts());
        } else if (command instanceof Command.Listen listen) {
            audioToBot.apply(listen); // before media starts, it applies from the first caller frame
        } else if (command instanceof Command.Transcribe transcribe) {
            transcribe(transcribe);
        }
    }

    /** The bot's {@code transcribe}: the block it names, or the route's. */
    private void transcribe(Command.Transcribe command) {
        if (!command.enabled()) {
            transcriber.stop();
            return;
        }
        transcriber.start(command.stt() != null ? command.stt() : route.stt(), command.language());
    }

    /**
     * The transcriber's events, on the loop: to the bot; and a transcript long enough cuts an utterance that
     * speech may interrupt (barge-in by words), naming the words in {@code speech.interrupted}.
     */
    private final class TranscriptsToBot implements Transcriber.Sink {
        /**
         * One cut per phrase, as the energy detector reports one onset per stretch of speech: the partials that
         * follow the one that cut must not cut what the bot says in answer while the caller finishes.
         */
        private boolean phraseBargedIn;

        @Override
        public void transcript(Event.Transcript transcript) {
            if (state == State.ENDED) {
                return;
            }
            tally.observe(transcript);
            bot.send(transcript);
            String words = transcript.text().strip();
            if (transcriptBargeInChars > 0 && !phraseBargedIn && words.length() >= transcriptBargeInChars
                    && speaker != null && state == State.ACTIVE
                    && speaker.callerInterrupted(InterruptReason.SPEECH, words)) {
                services.metrics().bargeIns.increment();
                phraseBargedIn = true;
            }
            if (transcript.isFinal()) {
                phraseBargedIn = false;
            }
        }

        @Override
        public void sttError(Event.SttError error) {
            if (state != State.ENDED) {
                tally.observe(error);
                bot.send(error);
            }
        }
    }

    /** {@link CommandBudget}: false (and the bot told, once a second) when the command is one too many. */
    private boolean withinBudget(Command command) {
        CommandBudget.Verdict verdict = budget.take(services.clock().nanos());
        if (verdict == CommandBudget.Verdict.TAKE) {
            return true;
        }
        services.metrics().commandsRefused.increment();
        if (verdict == CommandBudget.Verdict.REFUSE_AND_TELL) {
            bot.send(Event.Error.of(ProtocolErrorCode.RATE_LIMITED, "more than " + CommandBudget.PER_SECOND
                    + " commands in one second: this one and the rest of the second's are refused", command.type()));
        }
        return false;
    }

    @Override
    public void onBotGone(String why) {
        if (state == State.ENDED || apology != null) {
            return;
        }
        services.metrics().botFailures.increment();
        log.warn("call {}: bot {} unavailable ({}): apologizing and hanging up", id(), RedactedUrl.of(route.bot()), why);
        transcriber.stop();
        if (audioToBot != null) {
            audioToBot.close(); // nobody listens any more: the caller's audio is not dropped for a slow bot
        }
        if (speaker != null) {
            speaker.close();
        }
        if (codec == null) {
            hangup(EndReason.ERROR); // not even the codec is known: nothing can be said
            return;
        }
        apology = new Apology(this, services, voice.io(), outbound, codec);
        apology.speak();
    }

    @Override
    public void onBotWritable() {
        if (audioToBot != null) {
            audioToBot.drain();
        }
    }

    @Override
    public void onBotReconnecting() {
        audioToBot.close(); // listen belongs to a connection: a resumed bot asks again
        transcriber.stop(); // so does transcribe: the vendor bills every second streamed
    }

    @Override
    public Event.SessionStart sessionStart(boolean resumed) {
        return Event.SessionStart.builder()
                .callId(id()).from(sip.from()).to(sip.to()).sipCallId(sip.sipCallId()).headers(sip.headers())
                .codec(codec.name()).tts(voice.vendor().name(), null).resumed(resumed)
                .build();
    }

    /** The bot's {@code configure}: a bad one gets an {@code error} and changes nothing. */
    private void configure(Map<String, Object> overrides) {
        if (voice.full()) {
            services.metrics().commandsRefused.increment();
            bot.send(Event.Error.of(ProtocolErrorCode.LIMIT_REACHED, "a call may open at most "
                    + CallVoice.MAX_SESSIONS + " voices with configure; this one keeps its voice", Command.Configure.TYPE));
            return;
        }
        try {
            voice.configure(overrides);
        } catch (ConfigException e) {
            services.metrics().configureRejected.increment();
            bot.send(Event.Error.of(ProtocolErrorCode.INVALID_VALUE, e.getMessage(), Command.Configure.TYPE));
            return;
        }
        speaker.useTts(voice.session(), voice.vendor().outputFormat());
        log.info("call {}: tts configured: {} {}", id(), voice.vendor().name(), overrides.keySet());
    }

    private void transfer(String target) {
        if (!route.allowsTransferTo(target)) {
            // Toll fraud goes through REFER: only targets the operator listed leave this server.
            services.metrics().transfersRefused.increment();
            log.warn("call {}: transfer to {} refused: not in the route's transferTo", id(), target);
            bot.send(Event.Error.of(ProtocolErrorCode.INVALID_VALUE, "transfer target " + target
                    + " is not allowed by the route's transferTo", Command.Transfer.TYPE));
            return;
        }
        sip(() -> sip.transfer(target, new TransferProgress(this)));
    }

    /** Sends SIP from the SIP-actions thread, in order: never on the pacing loop (see CallServices). */
    private void sip(Runnable action) {
        services.sipActions().execute(action);
    }

    void transferred() {
        hangup(EndReason.TRANSFER);
    }

    void transferFailed(String why) {
        bot.send(Event.Error.of(ProtocolErrorCode.INVALID_VALUE, why,
                Command.Transfer.TYPE));
    }

    void apologyDone() {
        hangup(EndReason.ERROR);
    }

    // ---- speech and playout ----

    private void speechEvent(Event event) {
        services.metrics().observe(event, voice.vendor().name());
        tally.observe(event);
        if (bot != null) {
            bot.send(event);
        }
    }

    @Override
    public void utteranceStarted(Object tag) {
        activeSpeaker().playoutStarted(tag);
    }

    @Override
    public void utteranceFinished(Object tag, int framesPlayed) {
        activeSpeaker().playoutFinished(tag, framesPlayed);
    }

    @Override
    public void utteranceInterrupted(Object tag, int framesPlayed) {
        activeSpeaker().playoutInterrupted(tag, framesPlayed);
    }

    @Override
    public void markReached(String name) {
        activeSpeaker().markReported();
        speechEvent(new Event.Mark(name));
    }

    @Override
    public void writable() {
        activeSpeaker().pump();
    }

    private Speaker activeSpeaker() {
        return apology != null ? apology.speaker() : speaker;
    }

    // ---- the end ----

    private void teardown(EndReason reason) {
        if (state == State.ENDED) {
            return;
        }
        state = State.ENDED;
        if (reason == EndReason.ERROR) {
            services.metrics().callsFailed.increment(); // every way a call can fail ends here
        }
        if (rtpWatch != null) {
            rtpWatch.cancel(false);
        }
        if (apology != null) {
            apology.close();
        }
        outbound.detach();
        transcriber.stop();
        if (audioToBot != null) {
            audioToBot.close();
        }
        if (speaker != null) {
            speaker.close();
        }
        voice.close();
        RtpSessionStats rtpStats = null;
        if (rtp != null) {
            rtpStats = rtp.stats();
            rtp.close();
        }
        long durationMs = TimeUnit.NANOSECONDS.toMillis(services.clock().nanos() - startNanos);
        services.records().accept(tally.record(summary(), Instant.now(), durationMs, reason, rtpStats, timeline.stats(),
                audioToBot == null ? null : audioToBot.stats(), transcriber.framesNotSent()));
        if (bot != null) {
            bot.end(new Event.SessionEnd(reason, durationMs));
            ControlChannel.Stats botStats = bot.stats();
            if (botStats != null) {
                services.metrics().record(botStats);
            }
        }
        services.registry().remove(this);
        log.info("call {} ended: {} after {} ms", id(), reason.wireName(), durationMs);
    }

    CallSummary summary() {
        // Read from another thread: a best-effort snapshot of fields written on the loop.
        RtpSession session = rtp;
        Speaker current = speaker;
        return new CallSummary(id(), sip.sipCallId(), sip.from(), sip.to(), state.name().toLowerCase(),
                codec == null ? null : codec.name(), session == null ? 0 : session.localPort(), route.match(),
                RedactedUrl.of(route.bot()),
                voice.vendor().name(), startedAt, current != null && current.speaking());
    }
}
