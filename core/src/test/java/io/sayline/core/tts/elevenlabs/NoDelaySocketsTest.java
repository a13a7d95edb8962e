package io.sayline.core.tts.elevenlabs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class NoDelaySocketsTest {

    @Test
    void vendorClientSocketsHaveNagleOffBeforeAndAfterConnecting() throws Exception {
        OkHttpClient http = ElevenLabsVendor.newHttpClient(1);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket unconnected = http.socketFactory().createSocket();
             Socket connected = http.socketFactory().createSocket(InetAddress.getLoopbackAddress(),
                     server.getLocalPort())) {
            assertTrue(unconnected.getTcpNoDelay(), "OkHttp creates sockets unconnected, then connects them");
            assertTrue(connected.getTcpNoDelay());
        } finally {
            ElevenLabsVendor.shutdown(http);
        }
    }
}
