package io.sayline.tools.elsim;

import okhttp3.OkHttpClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test-signal simulator ({@link SimTestSupport#signalSim()}) per test class, with a client for it: started
 * before the class's tests, its knobs put back after each test, closed after the last. Register it on a
 * static field with {@code @RegisterExtension}.
 */
final class SignalSimulator implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    final OkHttpClient client = SimTestSupport.client();
    private ElevenLabsSimulator sim;
    private SimKnobs initialKnobs;

    ElevenLabsSimulator sim() {
        return sim;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        sim = SimTestSupport.signalSim().build().start();
        initialKnobs = sim.knobs();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        sim.knobs(initialKnobs);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        sim.close();
    }
}
