package io.sayline.sip.stack;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.MessageProcessorFactory;
import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.NioTlsMessageChannel;
import gov.nist.javax.sip.stack.NioTlsMessageProcessor;
import gov.nist.javax.sip.stack.OIOMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;

/**
 * JAIN SIP's {@code gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY}: which of the RI's transports serves each
 * protocol, and with which guards.
 *
 * <ul>
 * <li>TCP: the RI's blocking transport, its default and the one its client side is reliable with (its
 * non-blocking client opened two sockets to one peer and lost a request's answer in a CI run). The RI caps its
 * connections in total ({@code MAX_CONNECTIONS}) and cuts a half-sent message ({@code READ_TIMEOUT}); the cap per
 * source is {@link PerSourceServerSocket}'s, through {@link GuardedNetworkLayer}.</li>
 * <li>TLS: the RI's non-blocking transport, the only one that takes its keys from a SecurityManagerProvider (PEM
 * files), under a {@link ConnectionGuard}: the RI reads neither {@code MAX_CONNECTIONS} nor {@code READ_TIMEOUT}
 * there and caps no source. Its processor differs from the RI's only in the channels it makes for accepted
 * connections: admitted by the guard first, and reporting where messages begin and end.</li>
 * <li>UDP: the RI's.</li>
 * </ul>
 */
public final class GuardedConnectionsFactory implements MessageProcessorFactory {
    /** The RI's default: its blocking transports, and the UDP one both factories share. */
    private final MessageProcessorFactory blocking = new OIOMessageProcessorFactory();

    /** TCP and TLS connections closed at accept because a cap was reached, over all stacks in this JVM. */
    public static long refusedConnections() {
        return ConnectionGuard.refused();
    }

    /** TLS connections closed because part of a message waited too long for the rest (JVM-wide). */
    public static long stalledConnectionsClosed() {
        return ConnectionGuard.cut();
    }

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port,
                                                   String transport) throws IOException {
        if ("TLS".equalsIgnoreCase(transport)) {
            return new GuardedTls(address, stack, port);
        }
        return blocking.createMessageProcessor(stack, address, port, transport);
    }

    private static final class GuardedTls extends NioTlsMessageProcessor {
        private final ConnectionGuard guard = new ConnectionGuard("TLS");

        GuardedTls(InetAddress address, SIPTransactionStack stack, int port) {
            super(address, stack, port);
        }

        @Override
        public NioTcpMessageChannel createMessageChannel(NioTcpMessageProcessor processor, SocketChannel socket)
                throws IOException {
            // As the RI's own processor does: the channel already known for the socket, else a new one registered
            // with the NIO handler; admission first.
            NioTcpMessageChannel known = nioHandler.getMessageChannel(socket);
            if (known != null) {
                return known;
            }
            TlsChannel channel = new TlsChannel(processor, socket, guard.admit(socket));
            nioHandler.putMessageChannel(socket, channel);
            return channel;
        }

        @Override
        public void start() throws IOException {
            super.start();
            guard.start();
        }

        @Override
        public void stop() {
            guard.stop();
            super.stop();
        }
    }

    /** The RI's TLS channel, timing the decrypted bytes (the handshake has its own timeout). */
    private static final class TlsChannel extends NioTlsMessageChannel {
        private final AcceptedConnection connection;

        TlsChannel(NioTcpMessageProcessor processor, SocketChannel socket, AcceptedConnection connection)
                throws IOException {
            super(processor, socket);
            this.connection = connection;
            connection.attach(this);
        }

        @Override
        public void addPlaintextBytes(byte[] bytes) throws Exception {
            connection.received(bytes, System.nanoTime());
            super.addPlaintextBytes(bytes);
        }

        @Override
        public void processMessage(SIPMessage message) throws Exception {
            connection.completed();
            super.processMessage(message);
        }
    }
}
