package io.sayline.core.tts.elevenlabs;

import io.sayline.core.tts.RecordingListener;
import io.sayline.core.tts.TtsSession;
import io.sayline.core.tts.TtsSessionContext;
import io.sayline.core.tts.VendorConfigBuilder;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * A MockWebServer on 127.0.0.1 standing in for ElevenLabs, and the vendors pointed at it. A JUnit extension:
 * register it on a field with {@code @RegisterExtension}, and it starts before and stops after each test.
 */
public final class LocalVendorServer implements BeforeEachCallback, AfterEachCallback {
    /** Short enough that retry paths run in milliseconds. */
    private static final long RETRY_BASE_DELAY_MS = 5;

    public final MockWebServer server = new MockWebServer();
    private final List<ElevenLabsVendor> vendors = new ArrayList<>();

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    /** A vendor block pointing at this server. */
    public VendorConfigBuilder config(String streaming) {
        return VendorConfigBuilder.elevenLabs("http://127.0.0.1:" + server.getPort(), streaming);
    }

    /** A vendor named {@code eleven}, closed with this server. */
    public ElevenLabsVendor vendor(VendorConfigBuilder config) {
        ElevenLabsVendor vendor = new ElevenLabsVendor("eleven", config.build(), RETRY_BASE_DELAY_MS);
        vendors.add(vendor);
        return vendor;
    }

    public TtsSession session(VendorConfigBuilder config) {
        return vendor(config).openSession(new TtsSessionContext("call-1", null));
    }

    /** Speaks {@code text} as one append and waits for the end or the error. */
    public RecordingListener speak(VendorConfigBuilder config, String text) throws InterruptedException {
        RecordingListener listener = new RecordingListener();
        TtsSession.Utterance utterance = session(config).start("u1", listener);
        utterance.append(text);
        utterance.finish();
        return listener.awaitDone();
    }

    /** A vendor block pointing at a loopback port nobody listens on (bound, then closed). */
    public static VendorConfigBuilder closedPortConfig(String streaming) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        return VendorConfigBuilder.elevenLabs("http://127.0.0.1:" + port, streaming);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        vendors.forEach(ElevenLabsVendor::close);
        server.shutdown();
    }
}
