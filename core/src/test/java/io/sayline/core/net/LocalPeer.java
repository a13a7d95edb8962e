package io.sayline.core.net;

import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A MockWebServer on 127.0.0.1 as the peer, and one event loop for the client under test. A JUnit extension:
 * register it on a field with {@code @RegisterExtension}; the loop stops before the server, so the client's
 * connections are closed when the server waits for them.
 */
final class LocalPeer implements BeforeEachCallback, AfterEachCallback {
    final MockWebServer server = new MockWebServer();
    private final NioEventLoopGroup group = new NioEventLoopGroup(1);

    EventLoop loop() {
        return group.next();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        server.shutdown();
    }
}
