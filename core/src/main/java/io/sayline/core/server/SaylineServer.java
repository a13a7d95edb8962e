package io.sayline.core.server;

import io.netty.channel.EventLoopGroup;
import io.sayline.config.SaylineConfig;
import io.sayline.config.TtsVendorConfig;
import io.sayline.core.admin.AdminMetrics;
import io.sayline.core.admin.AdminServer;
import io.sayline.core.admin.ServiceHealth;
import io.sayline.core.admin.ServiceStore;
import io.sayline.core.admin.SpeechServices;
import io.sayline.core.bot.BuiltinBots;
import io.sayline.core.call.CallSummary;
import io.sayline.core.records.CallRecord;
import io.sayline.core.tts.SwappableVendors;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import io.sayline.core.call.CallManager;
import io.sayline.core.call.CallRegistry;
import io.sayline.core.http.HttpServer;
import io.sayline.core.logging.LoopSafeAsyncAppender;
import io.sayline.core.logging.RepeatedWarningFilter;
import io.sayline.core.metrics.DirectMemory;
import io.sayline.core.metrics.Labels;
import io.sayline.core.metrics.Metrics;
import io.sayline.core.records.CallRecordLog;
import io.sayline.core.tts.TtsVendor;
import io.sayline.core.stt.SttVendors;
import io.sayline.core.tts.TtsVendors;
import io.sayline.core.tts.embedded.EmbeddedVendor;
import io.sayline.rtp.clock.MonotonicClock;
import io.sayline.rtp.pacer.Pacers;
import io.sayline.rtp.session.PortPool;
import io.sayline.sip.SipServer;
import io.sayline.sip.dialog.DialogTimeouts;
import io.sayline.sip.sdp.MediaAddressPolicy;
import io.sayline.sip.admission.SourceLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sayline.rtp.g711.G711Codec;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Sayline: SIP, RTP, HTTP and the TTS vendors, assembled from one configuration. Used by
 * {@code Main} and, with ephemeral ports, by the end-to-end tests.
 */
public final class SaylineServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SaylineServer.class);

    static final String WARM_UP_PACKETS = "sayline_warmup_rtp_packets_total";
    static final String WARM_UP_VENDOR_UTTERANCES = "sayline_warmup_vendor_utterances_total";
    /** Pacing lateness buckets, seconds: the 1 ms pacing target and the 5 ms ceiling among them. */
    private static final double[] PACING_LATENESS_SECONDS = {0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1};

    private final SaylineConfig config;
    private final Metrics metrics = new Metrics();
    private final CallRegistry registry = new CallRegistry();
    private final int callLoops = Runtime.getRuntime().availableProcessors();
    private final EventLoopGroup loops;
    /**
     * The HTTP API and the built-in bots' WebSocket server get a loop of their own: their per-call work
     * (handshakes, JSON) would otherwise delay the frames paced on the call loops.
     */
    private final EventLoopGroup httpLoop;
    /**
     * Every call's vendor work (opening sessions, start, append, finish, cancel) is queued here, so the call
     * loops share no lock with vendor threads (OffLoopTtsSession). Event loops, not a DefaultEventExecutorGroup:
     * their task queue is lock-free (MPSC) and epoll's wake-up an eventfd write, where the latter's
     * LinkedBlockingQueue would have the call loops take its locks. As many as call loops: the work is short.
     */
    private final EventLoopGroup ttsIo;
    private final ExecutorService sipActions = Executors.newSingleThreadExecutor(new DefaultThreadFactory("sip-actions", true));
    private TtsVendors vendors;
    private ServiceStore store;
    private SwappableVendors swappable;
    private SpeechServices speechServices;
    private final ServiceHealth health = new ServiceHealth();
    private AdminServer admin;
    private SttVendors sttVendors;
    private HttpServer http;
    private SipServer sip;
    private CallManager calls;
    private CallRecordLog records;
    private volatile boolean draining;
    private EmbeddedVendor firstEmbedded;
    private EmbeddedVendor ownApologyVendor;

    private SaylineServer(SaylineConfig config) {
        this.config = config;
        this.loops = EventLoops.createPacing("call-loop", callLoops, config.rtp().realtimePriority());
        if (config.rtp().realtimePriority() > 0) {
            RealtimePriority.applyToJvmThreads(config.rtp().realtimePriority());
            RealtimeThrottling.adviseOnce();
        }
        this.httpLoop = EventLoops.create("http-loop", 1);
        this.ttsIo = EventLoops.createVendorIo("tts-io", callLoops);
    }

    /** Starts everything; on failure releases what was started and rethrows. */
    public static SaylineServer start(SaylineConfig config) throws Exception {
        SaylineServer server = new SaylineServer(config);
        try {
            server.startAll();
            return server;
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        vendors = TtsVendors.create(config, block -> embedded("embedded", block));
        sttVendors = SttVendors.create(config.stt());
        Pacers pacers = pacers(metrics);
        PortPool ports = new PortPool(config.rtp().ports());
        http = HttpServer.builder().bindAddress(config.http().bind()).port(config.http().port())
                .groups(httpLoop, httpLoop).health(this::health).calls(registry::snapshot).callsToken(config.http().token())
                .metrics(metrics::render)
                .bots(BuiltinBots.all()).build();
        http.start();
        warmTranscoders();
        records = CallRecordLog.open(config.records(), metrics, System.out);
        Consumer<CallRecord> recordSink = records == null ? record -> { } : records::append;
        if (config.admin().enabled()) {
            startAdmin();
            calls = CallManager.create(loops, config, ports, pacers, swappable, apologyVendor(), metrics, registry,
                    http::botUri, sipActions, recordSink.andThen(health), ttsIo, sttVendors, speechServices);
        } else {
            calls = CallManager.create(loops, config, ports, pacers, vendors::vendor, apologyVendor(), metrics, registry,
                    http::botUri, sipActions, recordSink, ttsIo, sttVendors);
        }
        Metrics.Counter warmUpPackets = metrics.counter(WARM_UP_PACKETS,
                "RTP packets sent by the start-up warm-up calls (0: the server started cold).");
        Metrics.Counter warmUpUtterances = metrics.counter(WARM_UP_VENDOR_UTTERANCES,
                "Utterances the start-up warm-up said through the ElevenLabs clients against a loopback stand-in.");
        if (config.rtp().warmUp()) {
            warmUpUtterances.add(WarmUp.vendors(vendorBlocks(), G711Codec.valueOf(config.rtp().codecs().get(0)),
                    ttsIo));
            warmUpPackets.add(warmUp(ports));
        }
        sip = SipServer.start(config.sip(), config.rtp().codecs(),
                MediaAddressPolicy.of(config.rtp().allowedMediaNetworks(), config.rtp().refusePrivateMedia()), calls,
                DialogTimeouts.DEFAULT);
        metrics.gauge("sayline_calls_active", "Live calls.", registry::size);
        metrics.gauge("sayline_rtp_ports_in_use", "RTP ports taken from rtp.ports by live calls.", ports::inUse);
        metrics.gauge("sayline_direct_memory_bytes", "Direct (off-heap) buffer memory in use: the JDK's and Netty's.",
                DirectMemory::usedBytes);
        metrics.gauges("sayline_calls_active_by_route", "Live calls by route (its match pattern) and TTS vendor.",
                registry::countByRouteAndVendor);
        metrics.gauge("sayline_draining", "1 once SIGTERM has started the drain: new calls get 503.",
                () -> draining ? 1 : 0);
        metrics.countersOf("sayline_sip_rejections_total", "SIP error responses sent, by request method and status.",
                this::sipRejections);
        metrics.counterOf("sayline_sip_requests_dropped_total",
                "SIP requests left without an answer (bad ACKs, retransmissions, answers that could not be sent).",
                sip::droppedRequests);
        metrics.counterOf("sayline_sip_disallowed_total",
                "Requests from sources outside sip.allow (dropped without an answer, or 403 with sip.answerDisallowed).",
                sip::disallowedRequests);
        metrics.counterOf("sayline_sip_not_in_dialog_total",
                "Requests naming a live call's Call-ID with tags of no dialog of ours (forged or stale): 481.",
                sip::notInDialogRequests);
        sourceLimitMetrics(sip.perSource());
        metrics.counterOf("sayline_sip_auth_failures_total",
                "INVITEs with wrong digest credentials for their route (routes[].auth): 401 again.", sip::authFailures);
        metrics.counterOf("sayline_log_dropped_total",
                "Log lines the event loops dropped rather than wait for a full log queue.", LoopSafeAsyncAppender::dropped);
        metrics.counterOf("sayline_log_suppressed_total",
                "Warnings not logged because the same kind was logged ten times in the last minute.",
                RepeatedWarningFilter::suppressed);
        metrics.counterOf("sayline_sip_unparseable_total",
                "SIP messages dropped because a mandatory header did not parse (JVM-wide).", sip::unparseableMessages);
        metrics.counterOf("sayline_sip_connections_refused_total",
                "TCP/TLS connections closed at accept: 64 from one source or 2,000 in all already open (JVM-wide).",
                sip::refusedConnections);
        metrics.counterOf("sayline_sip_connections_stalled_total",
                "TLS connections closed because part of a message waited 5 s for the rest (TCP: the SIP stack's own "
                        + "read timeout, uncounted; JVM-wide).",
                sip::stalledConnectionsClosed);
        log.info("sayline ready: SIP {} {}:{}, RTP {}, HTTP :{}, routes {}", config.sip().transports(),
                config.sip().bind(), sip.port(), config.rtp().portRange(), http.port(), config.routes().size());
    }

    /** {@code sip.perSource}: what was refused for its source's rate, the bans, and what banned sources sent. */
    private void sourceLimitMetrics(SourceLimiter perSource) {
        metrics.countersOf("sayline_sip_source_limited_total",
                "Requests outside a dialog refused for their source's rate (sip.perSource): new INVITEs get 503, "
                        + "others are dropped.",
                () -> Map.of(Labels.of("kind", "invite"), perSource.refusedInvites(),
                        Labels.of("kind", "other"), perSource.refusedOthers()));
        metrics.counterOf("sayline_sip_source_bans_total",
                "Sources banned for sending twice their sip.perSource limit within a second.", perSource::bans);
        metrics.counterOf("sayline_sip_banned_dropped_total",
                "Requests dropped without an answer because their source was banned.", perSource::bannedDrops);
        metrics.gauge("sayline_sip_banned_sources", "Source addresses banned right now.", perSource::bannedSources);
    }

    /** The admin page (docs/admin.md): its state database, the swappable vendors, the page's server. */
    private void startAdmin() throws java.io.IOException {
        store = ServiceStore.open(Path.of(config.state().dir()));
        swappable = new SwappableVendors(vendors, () -> registry.snapshot().stream().map(CallSummary::id)
                .collect(Collectors.toSet()), config.rtp().codecs());
        speechServices = new SpeechServices(config, store, swappable, sttVendors);
        admin = AdminServer.start(config.admin(), store, speechServices, swappable, health, new AdminMetrics(metrics),
                System.out);
        metrics.gauge("sayline_tts_vendors_retired", "Admin-page vendors replaced by a save and not closed yet: calls "
                + "live at the save still use them.", swappable::retiredCount);
    }

    /**
     * Designs each vendor format's resampling filter now, once: the first design costs ≈ 100 ms, which
     * would otherwise stall a pacing loop on the first call.
     */
    private void warmTranscoders() {
        for (String name : vendors.names()) {
            SwappableVendors.warmTranscoders(vendors.vendor(name).outputFormat(), config.rtp().codecs());
        }
    }

    /** The vendor blocks calls may use: the file's, and the admin page's when it runs. */
    private List<TtsVendorConfig> vendorBlocks() {
        List<TtsVendorConfig> blocks = new ArrayList<>(config.tts().values());
        if (swappable != null) {
            blocks.addAll(swappable.blocks());
        }
        return blocks;
    }

    /**
     * The call loops' pacers, telling {@code metrics}' lateness histogram how late each slot ran and counting the
     * times a loop gave way ({@link io.sayline.rtp.pacer.GiveWay}). The warm-up's
     * pacers come from here too, so that the loops' compiled code meets one lateness consumer class, not one in
     * the warm-up and another with the first call: that second class cost both loops a deoptimisation of
     * their pacing schedule at the first real call (JFR's jdk.Deoptimization, docs/performance.md).
     */
    private Pacers pacers(Metrics metrics) {
        Metrics.Histogram lateness = metrics.histogram("sayline_pacing_lateness_seconds",
                "How late each 20 ms pacing slot ran after its due time.", PACING_LATENESS_SECONDS);
        Metrics.Counter givenWay = metrics.counter("sayline_pacing_give_way_total",
                "Times a call loop that had ticked its slots over 10 ms late for 5 ms parked 5 ms so that the JVM's"
                        + " own threads (the JIT compiler) could run; its streams were late already.");
        return new Pacers(loops, MonotonicClock.system(), lateNanos -> lateness.observe(lateNanos / 1e9),
                givenWay::increment);
    }

    /**
     * Runs {@link WarmUp} on the call loops, with the embedded engine, calls, pacers and metrics of its own (so
     * that none of its counts, pacing lateness included, shows in {@code /metrics}); returns the RTP packets it
     * sent.
     */
    private int warmUp(PortPool ports) {
        Metrics warmUpMetrics = new Metrics();
        Pacers pacers = pacers(warmUpMetrics);
        TtsVendor embedded = apologyVendor();
        CallRegistry warmUpCalls = new CallRegistry();
        CallManager manager = CallManager.create(loops, WarmUp.config(config, embedded.name()), ports, pacers,
                name -> embedded, embedded, warmUpMetrics, warmUpCalls, http::botUri, sipActions, record -> { }, ttsIo,
                SttVendors.none());
        return WarmUp.run(manager, warmUpCalls, callLoops, G711Codec.valueOf(config.rtp().codecs().get(0)));
    }

    private EmbeddedVendor embedded(String name, TtsVendorConfig vendorConfig) {
        EmbeddedVendor vendor = new EmbeddedVendor(name, vendorConfig);
        if (firstEmbedded == null) {
            firstEmbedded = vendor;
        }
        return vendor;
    }

    /** The embedded engine speaks the apology when a bot is unreachable; one is made if none is configured. */
    private TtsVendor apologyVendor() {
        if (firstEmbedded == null) {
            firstEmbedded = embedded("apology", SaylineConfig.defaults().vendor("embedded"));
            ownApologyVendor = firstEmbedded;
        }
        return firstEmbedded;
    }

    private Map<Labels, Long> sipRejections() {
        Map<Labels, Long> series = new HashMap<>();
        sip.rejectionsByStatus().forEach((key, count) ->
                series.put(Labels.of("method", key.method(), "status", Integer.toString(key.status())), count));
        return series;
    }

    private HttpServer.Health health() {
        if (draining) {
            return HttpServer.Health.DRAINING;
        }
        return sip != null && sip.isRunning() ? HttpServer.Health.OK : HttpServer.Health.STARTING;
    }

    public int sipPort() {
        return sip.port();
    }

    public int httpPort() {
        return http.port();
    }

    public CallRegistry calls() {
        return registry;
    }

    /** The admin page's port; only with {@code admin.enabled}. */
    public int adminPort() {
        return admin.port();
    }

    public Metrics metrics() {
        return metrics;
    }

    /**
     * Stops taking calls (INVITE and OPTIONS get 503, {@code /health} 503) and waits for live calls to end;
     * after {@code deadline} ends the rest with {@code session.end} reason {@code drain}.
     */
    public void drain(Duration deadline) {
        draining = true;
        if (sip != null) {
            sip.drain();
        }
        log.info("draining: {} live call(s)", registry.size());
        try {
            if (!registry.awaitEmpty(deadline.toMillis())) {
                log.warn("drain deadline passed: ending {} call(s)", registry.size());
                calls.endAll();
                registry.awaitEmpty(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (sip != null) {
            sip.stop();
        }
        if (calls != null) {
            calls.endAll();
        }
        if (http != null) {
            http.close();
        }
        if (admin != null) {
            admin.close();
        }
        sipActions.shutdown();
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        httpLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        // After the loops (the calls they ended queued their sessions' close here), before the vendors.
        ttsIo.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        if (swappable != null) {
            swappable.close();
        }
        if (vendors != null) {
            vendors.close();
        }
        if (store != null) {
            store.close();
        }
        if (sttVendors != null) {
            sttVendors.close();
        }
        if (ownApologyVendor != null) {
            ownApologyVendor.close();
        }
        if (records != null) {
            records.close(); // after the loops: the calls ended above have queued their records
        }
    }

}
