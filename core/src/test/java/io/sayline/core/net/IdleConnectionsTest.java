package io.sayline.core.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdleConnectionsTest {
    private static final String ORIGIN = "http://127.0.0.1:8080";

    @Test
    void closeAllClosesEveryKeptConnectionWhenClosesComeBackAsRemovals() {
        IdleConnections idle = new IdleConnections();
        List<Channel> channels = List.of(new EmbeddedChannel(), new EmbeddedChannel(), new EmbeddedChannel());
        for (Channel channel : channels) {
            // as HttpExchange does: a connection that closes leaves the list, here at once on close()
            channel.closeFuture().addListener(closed -> idle.remove(ORIGIN, channel));
            idle.put(ORIGIN, channel, false);
        }

        idle.closeAll();

        for (Channel channel : channels) {
            assertFalse(channel.isOpen(), channel + " left open");
        }
        assertNull(idle.take(ORIGIN));
    }
}
