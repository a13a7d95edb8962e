package io.sayline.sip.stack;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.MessageProcessorFactory;
import gov.nist.javax.sip.stack.NioMessageProcessorFactory;
import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.NioTlsMessageChannel;
import gov.nist.javax.sip.stack.NioTlsMessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;

/**
 * JAIN SIP's {@code gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY}: the RI's NIO transports, each TCP and TLS port
 * under a {@link ConnectionGuard}. The RI's own {@code MAX_CONNECTIONS} and {@code READ_TIMEOUT} are read only by its
 * blocking TCP transport, and nothing in the RI caps one source; NIO serves TCP as well as TLS here, so both follow
 * the same rules (the idle-connection limit, {@code NIO_MAX_SOCKET_IDLE_TIME}, included).
 *
 * <p>The processors below differ from the RI's only in the channels they make for accepted connections: admitted by
 * the guard first, and reporting where messages begin and end.
 */
public final class GuardedConnectionsFactory implements MessageProcessorFactory {
    private final MessageProcessorFactory delegate = new NioMessageProcessorFactory();

    /** TCP and TLS connections closed at accept because a cap was reached, over all stacks in this JVM. */
    public static long refusedConnections() {
        return ConnectionGuard.refused();
    }

    /** TCP and TLS connections closed because part of a message waited too long for the rest (JVM-wide). */
    public static long stalledConnectionsClosed() {
        return ConnectionGuard.cut();
    }

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port,
                                                   String transport) throws IOException {
        if ("TCP".equalsIgnoreCase(transport)) {
            return new GuardedTcp(address, stack, port);
        }
        if ("TLS".equalsIgnoreCase(transport)) {
            return new GuardedTls(address, stack, port);
        }
        return delegate.createMessageProcessor(stack, address, port, transport);
    }

    private static final class GuardedTcp extends NioTcpMessageProcessor {
        private final ConnectionGuard guard = new ConnectionGuard("TCP");

        GuardedTcp(InetAddress address, SIPTransactionStack stack, int port) {
            super(address, stack, port);
        }

        @Override
        public NioTcpMessageChannel createMessageChannel(NioTcpMessageProcessor processor, SocketChannel socket)
                throws IOException {
            return guard.channelFor(nioHandler, socket, accepted -> new TcpChannel(processor, socket, accepted));
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

    private static final class GuardedTls extends NioTlsMessageProcessor {
        private final ConnectionGuard guard = new ConnectionGuard("TLS");

        GuardedTls(InetAddress address, SIPTransactionStack stack, int port) {
            super(address, stack, port);
        }

        @Override
        public NioTcpMessageChannel createMessageChannel(NioTcpMessageProcessor processor, SocketChannel socket)
                throws IOException {
            return guard.channelFor(nioHandler, socket, accepted -> new TlsChannel(processor, socket, accepted));
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

    /** The RI's TCP channel, telling its {@link AcceptedConnection} where messages begin and end. */
    private static final class TcpChannel extends NioTcpMessageChannel {
        private final AcceptedConnection connection;

        TcpChannel(NioTcpMessageProcessor processor, SocketChannel socket, AcceptedConnection connection)
                throws IOException {
            super(processor, socket);
            this.connection = connection;
            // What the RI's processor sets on the channels it creates itself.
            messageProcessor = processor;
            myClientInputStream = socket.socket().getInputStream();
            connection.attach(this);
        }

        @Override
        protected void addBytes(byte[] bytes) throws Exception {
            connection.received(bytes, System.nanoTime());
            super.addBytes(bytes);
        }

        @Override
        public void processMessage(SIPMessage message) throws Exception {
            connection.completed();
            super.processMessage(message);
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
