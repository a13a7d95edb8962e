package io.sayline.tools.elsim;

import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/** Shared client setup for the simulator tests: loopback only, generous timeouts. */
final class SimTestSupport {
    static final String KEY = "test-key";
    static final MediaType JSON = MediaType.get("application/json");
    static final double MS_PER_CHAR = 20;

    private SimTestSupport() {
    }

    static ElevenLabsSimulator.Builder signalSim() {
        return ElevenLabsSimulator.builder().port(0).apiKey(KEY).signal("tones:1000,2000").msPerChar(MS_PER_CHAR)
                .firstChunkDelayMs(5);
    }

    static OkHttpClient client() {
        return new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10)).build();
    }

    static Request post(ElevenLabsSimulator sim, String pathAndQuery, String json, String key) {
        Request.Builder b = new Request.Builder().url(sim.httpBase() + pathAndQuery)
                .post(RequestBody.create(json, JSON));
        if (key != null) {
            b.header("xi-api-key", key);
        }
        return b.build();
    }

    static Request ws(ElevenLabsSimulator sim, String pathAndQuery, String key) {
        Request.Builder b = new Request.Builder().url(sim.wsBase() + pathAndQuery);
        if (key != null) {
            b.header("xi-api-key", key);
        }
        return b.build();
    }

    /** Expected sample count for a text at a rate with the test signal's ms per character. */
    static int samples(String text, int rate) {
        return (int) Math.round(text.length() * MS_PER_CHAR * rate / 1000.0);
    }
}
