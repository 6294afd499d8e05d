package org.lunbridge.nbd.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.lunbridge.nbd.protocol.NbdConstants.*;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.lunbridge.nbd.protocol.ClientOption;
import org.lunbridge.nbd.protocol.OptionCodec;
import org.lunbridge.nbd.protocol.OptionReply;
import org.lunbridge.nbd.protocol.OptionReplyCodec;

/**
 * The STARTTLS insertion point, exercised with a stand-in "encryption" (XOR of every byte): after the ACK all
 * traffic must go through the upgraded stream, and options negotiated before are forgotten.
 */
@Timeout(20)
class StartTlsTest {
    private static final byte KEY = 0x5a;

    /** Stand-in for a TLS layer: both directions XOR'd with a key. */
    static final class XorStream implements NbdStream {
        final NbdStream plain;

        XorStream(NbdStream plain) {
            this.plain = plain;
        }

        @Override
        public void readFully(ByteBuffer dst) throws IOException {
            int start = dst.position();
            plain.readFully(dst);
            for (int i = start; i < dst.position(); i++) {
                dst.put(i, (byte) (dst.get(i) ^ KEY));
            }
        }

        @Override
        public void skip(long bytes) throws IOException {
            plain.skip(bytes);
        }

        @Override
        public void write(ByteBuffer... srcs) throws IOException {
            for (ByteBuffer src : srcs) {
                plain.write(ByteBuffer.wrap(xor(src)));
            }
        }

        @Override
        public void shutdownInput() throws IOException {
            plain.shutdownInput();
        }

        @Override
        public String peer() {
            return "xor:" + plain.peer();
        }

        @Override
        public void close() throws IOException {
            plain.close();
        }
    }

    static byte[] xor(ByteBuffer src) {
        byte[] bytes = new byte[src.remaining()];
        src.get(bytes);
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] ^= KEY;
        }
        return bytes;
    }

    private static OptionReply xorReply(RawClient client) throws Exception {
        ByteBuffer header = ByteBuffer.wrap(xor(client.read(OPTION_REPLY_HEADER_BYTES)));
        int length = header.getInt(16);
        ByteBuffer data = ByteBuffer.wrap(xor(client.read(length)));
        return OptionReplyCodec.decode(ByteBuffer.allocate(20 + length).put(header).put(data).flip()).reply();
    }

    @Test
    void givenUpgradeInstalled_whenStartTls_thenAckThenUpgradedStreamAndEarlierOptionsForgotten()
            throws Exception {
        TestDevice device = new TestDevice(65536, TestDevice.Caps.all());
        NbdServerConfig config = NbdServerConfig.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                List.of(new Export("disk", "", device, false)));
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            CompletableFuture<Negotiated> result = CompletableFuture.supplyAsync(() -> {
                try {
                    return new Handshake(config, new ChannelStream(listener.accept()), XorStream::new).run();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, r -> Thread.ofVirtual().start(r));
            try (RawClient client = new RawClient(listener.getLocalAddress())) {
                client.greet(NBD_FLAG_C_FIXED_NEWSTYLE | NBD_FLAG_C_NO_ZEROES);
                client.option(new ClientOption.StructuredReply());
                assertInstanceOf(OptionReply.Ack.class, client.optionReply().reply());
                client.option(new ClientOption.StartTls());
                assertInstanceOf(OptionReply.Ack.class, client.optionReply().reply()); // still in the clear

                client.send(ByteBuffer.wrap(xor(OptionCodec.encode(new ClientOption.StartTls()))));
                OptionReply.Error again = assertInstanceOf(OptionReply.Error.class, xorReply(client));
                assertEquals(NBD_REP_ERR_INVALID, again.type());

                client.send(ByteBuffer.wrap(xor(OptionCodec.encode(new ClientOption.Info(true, "disk",
                        List.of())))));
                OptionReply.InfoExport info = assertInstanceOf(OptionReply.InfoExport.class, xorReply(client));
                assertEquals(0, info.transmissionFlags() & NBD_FLAG_SEND_DF, "structured replies were reset");
                assertInstanceOf(OptionReply.InfoBlockSize.class, xorReply(client));
                assertInstanceOf(OptionReply.Ack.class, xorReply(client));

                Negotiated negotiated = result.get(10, TimeUnit.SECONDS);
                assertInstanceOf(XorStream.class, negotiated.stream());
                assertFalse(negotiated.structuredReplies());
            }
        }
    }
}
