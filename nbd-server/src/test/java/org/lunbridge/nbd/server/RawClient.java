package org.lunbridge.nbd.server;

import static org.lunbridge.nbd.protocol.NbdConstants.*;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.lunbridge.nbd.protocol.ClientOption;
import org.lunbridge.nbd.protocol.HandshakeCodec;
import org.lunbridge.nbd.protocol.OptionCodec;
import org.lunbridge.nbd.protocol.OptionReply;
import org.lunbridge.nbd.protocol.OptionReplyCodec;
import org.lunbridge.nbd.protocol.ReplyChunk;
import org.lunbridge.nbd.protocol.ReplyCodec;
import org.lunbridge.nbd.protocol.ReplyHeader;
import org.lunbridge.nbd.protocol.Request;
import org.lunbridge.nbd.protocol.RequestCodec;

/** A raw-socket NBD client for tests: every byte it sends is chosen by the test. */
final class RawClient implements AutoCloseable {
    /** A reply as received: its header and, for chunks, the decoded payload; for simple READ replies, the data. */
    record Reply(ReplyHeader header, ReplyChunk chunk, byte[] simpleData) {
        int simpleError() {
            return ((ReplyHeader.Simple) header).error();
        }

        ReplyHeader.Chunk chunkHeader() {
            return (ReplyHeader.Chunk) header;
        }

        boolean done() {
            return header instanceof ReplyHeader.Simple || (chunkHeader().flags() & NBD_REPLY_FLAG_DONE) != 0;
        }
    }

    final SocketChannel channel;
    boolean extended;
    int transmissionFlags;
    long exportSize;

    RawClient(SocketAddress address) throws IOException {
        channel = address instanceof UnixDomainSocketAddress ? SocketChannel.open(StandardProtocolFamily.UNIX)
                : SocketChannel.open();
        channel.connect(address);
        if (!(address instanceof UnixDomainSocketAddress)) {
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true); // as real clients do
        }
    }

    static RawClient connect(NbdServer server) throws IOException {
        return new RawClient(server.localAddress());
    }

    /** Reads the greeting, sends client flags; returns the handshake flags. */
    int greet(int clientFlags) throws IOException {
        int flags = HandshakeCodec.decodeGreeting(read(GREETING_BYTES));
        send(HandshakeCodec.encodeClientFlags(clientFlags));
        return flags;
    }

    void send(ByteBuffer... buffers) throws IOException {
        for (ByteBuffer b : buffers) {
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }
    }

    ByteBuffer read(int bytes) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(bytes);
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                throw new EOFException("server closed after " + b.position() + " of " + bytes + " bytes");
            }
        }
        return b.flip();
    }

    void option(ClientOption option) throws IOException {
        send(OptionCodec.encode(option));
    }

    OptionReplyCodec.Decoded optionReply() throws IOException {
        ByteBuffer header = read(OPTION_REPLY_HEADER_BYTES);
        int length = header.getInt(16);
        ByteBuffer whole = ByteBuffer.allocate(OPTION_REPLY_HEADER_BYTES + length).put(header)
                .put(read(length)).flip();
        return OptionReplyCodec.decode(whole);
    }

    /** Replies up to and including the first that is not INFO/SERVER/META_CONTEXT. */
    List<OptionReply> optionReplies() throws IOException {
        List<OptionReply> replies = new ArrayList<>();
        while (true) {
            OptionReply reply = optionReply().reply();
            replies.add(reply);
            int type = reply.type();
            if (type != NBD_REP_INFO && type != NBD_REP_SERVER && type != NBD_REP_META_CONTEXT) {
                return replies;
            }
        }
    }

    /** Greets, optionally negotiates, selects base:allocation if asked, and sends NBD_OPT_GO for {@code name}. */
    RawClient handshake(String name, boolean structured, boolean extended, boolean metaContext) throws IOException {
        greet(NBD_FLAG_C_FIXED_NEWSTYLE | NBD_FLAG_C_NO_ZEROES);
        if (structured) {
            option(new ClientOption.StructuredReply());
            expectAck();
        }
        if (extended) {
            option(new ClientOption.ExtendedHeaders());
            expectAck();
        }
        if (metaContext) {
            option(new ClientOption.MetaContext(true, name, List.of(BASE_ALLOCATION)));
            List<OptionReply> replies = optionReplies();
            if (!(replies.get(replies.size() - 1) instanceof OptionReply.Ack)) {
                throw new IOException("SET_META_CONTEXT failed: " + replies);
            }
        }
        option(new ClientOption.Info(true, name, List.of(NBD_INFO_BLOCK_SIZE)));
        for (OptionReply reply : optionReplies()) {
            if (reply instanceof OptionReply.InfoExport info) {
                exportSize = info.sizeBytes();
                transmissionFlags = info.transmissionFlags();
            } else if (reply instanceof OptionReply.Error error) {
                throw new IOException("GO failed: " + error);
            }
        }
        this.extended = extended;
        return this;
    }

    private void expectAck() throws IOException {
        OptionReply reply = optionReply().reply();
        if (!(reply instanceof OptionReply.Ack)) {
            throw new IOException("expected ACK, got " + reply);
        }
    }

    void request(Request request, byte[] payload) throws IOException {
        ByteBuffer header = RequestCodec.encode(request, extended);
        send(payload == null ? new ByteBuffer[] {header} : new ByteBuffer[] {header, ByteBuffer.wrap(payload)});
    }

    void request(int type, int flags, long cookie, long offset, long length) throws IOException {
        request(new Request(flags, type, cookie, offset, length), null);
    }

    /** Reads one reply; {@code readLength} is the data length to expect after a successful simple READ reply. */
    Reply reply(int readLength) throws IOException {
        return reply(cookie -> readLength);
    }

    /** As {@link #reply(int)}, the READ data length chosen by cookie (for out-of-order simple replies). */
    Reply reply(java.util.function.LongToIntFunction readLengthOfCookie) throws IOException {
        if (extended) {
            ReplyHeader.Chunk header = (ReplyHeader.Chunk) ReplyCodec.decodeHeader(
                    read(EXTENDED_REPLY_HEADER_BYTES), true);
            return new Reply(header, ReplyCodec.decodeChunk(header.type(), read((int) header.length())), null);
        }
        ByteBuffer magic = read(4);
        if (magic.getInt(0) == NBD_SIMPLE_REPLY_MAGIC) {
            ByteBuffer rest = read(12);
            ReplyHeader.Simple header = (ReplyHeader.Simple) ReplyCodec.decodeHeader(
                    ByteBuffer.allocate(16).put(magic).put(rest).flip(), false);
            byte[] data = null;
            int readLength = readLengthOfCookie.applyAsInt(header.cookie());
            if (header.error() == 0 && readLength > 0) {
                data = new byte[readLength];
                read(readLength).get(data);
            }
            return new Reply(header, null, data);
        }
        ByteBuffer rest = read(STRUCTURED_REPLY_HEADER_BYTES - 4);
        ReplyHeader.Chunk header = (ReplyHeader.Chunk) ReplyCodec.decodeHeader(
                ByteBuffer.allocate(STRUCTURED_REPLY_HEADER_BYTES).put(magic).put(rest).flip(), false);
        return new Reply(header, ReplyCodec.decodeChunk(header.type(), read((int) header.length())), null);
    }

    /** Reads chunks of one structured reply until the DONE one. */
    List<Reply> replyChunks() throws IOException {
        List<Reply> chunks = new ArrayList<>();
        Reply r;
        do {
            r = reply(0);
            chunks.add(r);
        } while (!r.done());
        return chunks;
    }

    /** True once the server has closed the connection (reads end-of-stream, after draining anything pending). */
    boolean serverClosed() throws IOException {
        ByteBuffer scratch = ByteBuffer.allocate(4096);
        try {
            while (true) {
                scratch.clear();
                if (channel.read(scratch) < 0) {
                    return true;
                }
            }
        } catch (IOException e) {
            return true; // connection reset
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
