package org.lunbridge.bridge.it;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal NBD client that behaves like the Linux kernel's: fixed newstyle, NBD_OPT_GO without asking for block
 * sizes, simple replies only, and it sends whatever offsets it is told to (proto.md "Transmission phase").
 */
final class RawNbdClient implements AutoCloseable {
    private static final long IHAVEOPT = 0x49484156454F5054L;
    private static final long REPLY_MAGIC = 0x3e889045565a9L;
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private long cookie;

    RawNbdClient(int port, String export) throws IOException {
        socket = new Socket("127.0.0.1", port);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
        in.readLong(); // NBDMAGIC
        if (in.readLong() != IHAVEOPT) {
            throw new IOException("not a newstyle server");
        }
        in.readShort();
        out.writeInt(3); // NBD_FLAG_C_FIXED_NEWSTYLE | NBD_FLAG_C_NO_ZEROES
        byte[] name = export.getBytes(StandardCharsets.UTF_8);
        out.writeLong(IHAVEOPT);
        out.writeInt(7); // NBD_OPT_GO
        out.writeInt(4 + name.length + 2);
        out.writeInt(name.length);
        out.write(name);
        out.writeShort(0); // no information requests, like nbd-client
        out.flush();
        while (true) {
            if (in.readLong() != REPLY_MAGIC) {
                throw new IOException("bad option reply magic");
            }
            in.readInt();
            int type = in.readInt();
            in.skipNBytes(in.readInt());
            if (type == 1) { // NBD_REP_ACK
                return;
            }
            if (type < 0) {
                throw new IOException("NBD_OPT_GO failed: reply type " + Integer.toHexString(type));
            }
        }
    }

    /** Sends one request and returns the reply's error (0 = success), reading and dropping read data. */
    int request(int type, long offset, int length, byte[] payload) throws IOException {
        long myCookie = ++cookie;
        out.writeInt(0x25609513);
        out.writeShort(0);
        out.writeShort(type);
        out.writeLong(myCookie);
        out.writeLong(offset);
        out.writeInt(length);
        if (payload != null) {
            out.write(payload);
        }
        out.flush();
        if (in.readInt() != 0x67446698) {
            throw new IOException("expected a simple reply");
        }
        int error = in.readInt();
        if (in.readLong() != myCookie) {
            throw new IOException("reply for another cookie");
        }
        if (error == 0 && type == 0) {
            in.skipNBytes(length);
        }
        return error;
    }

    @Override
    public void close() throws IOException {
        try {
            out.writeInt(0x25609513);
            out.writeShort(0);
            out.writeShort(2); // NBD_CMD_DISC
            out.writeLong(0);
            out.writeLong(0);
            out.writeInt(0);
            out.flush();
        } finally {
            socket.close();
        }
    }
}
