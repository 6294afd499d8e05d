package org.lunbridge.iscsi.login;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * Test-only wire adapter: just enough of RFC 7143 §11.10-11.13 (Login and Text PDUs, no digests, no AHS) to drive
 * a {@link LoginConversation} against a real target. The production PDU codec lives in org.lunbridge.iscsi.pdu.
 */
final class LoginWire implements AutoCloseable {

    private static final int BHS = 48;
    private static final int ITT = 0x1000;
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final int cmdSn = 1;    // login requests are immediate: CmdSN does not advance
    private int expStatSn;

    LoginWire(String host, int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(5000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    LoginStep.LoginResult login(LoginConversation conversation) throws IOException {
        LoginStep step = conversation.start();
        while (step instanceof LoginStep.Send send) {
            writeLogin(send.request());
            step = conversation.onResponse(readLogin());
        }
        return ((LoginStep.Complete) step).result();
    }

    /**
     * The same login through the production path: {@link LoginPdus} and the org.lunbridge.iscsi.pdu codec
     * instead of this class's hand-written headers.
     */
    LoginStep.LoginResult loginWithPduCodec(LoginConversation conversation, Isid isid) throws IOException {
        LoginStep step = conversation.start();
        while (step instanceof LoginStep.Send send) {
            org.lunbridge.iscsi.pdu.EncodedPdu encoded = org.lunbridge.iscsi.pdu.PduEncoder.encode(
                    LoginPdus.toPdu(send.request(), ITT, cmdSn, expStatSn));
            byte[] header = new byte[encoded.header().remaining()];
            encoded.header().duplicate().get(header);
            byte[] data = new byte[encoded.data().remaining()];
            encoded.data().duplicate().get(data);
            send(header, data);
            byte[] bhs = new byte[BHS];
            in.readFully(bhs);
            byte[] payload = readData(bhs);
            org.lunbridge.iscsi.pdu.TargetPdu pdu = org.lunbridge.iscsi.pdu.PduDecoder.decodeTargetPdu(
                    ByteBuffer.wrap(bhs), ByteBuffer.wrap(payload));
            org.lunbridge.iscsi.pdu.LoginResponse response = (org.lunbridge.iscsi.pdu.LoginResponse) pdu;
            expStatSn = response.statSn() + 1;
            step = conversation.onResponse(LoginPdus.fromPdu(response, isid));
        }
        return ((LoginStep.Complete) step).result();
    }

    /*
     * Login Request BHS (§11.12): 0: I|0x03, 1: T|C|CSG<<2|NSG, 2: VersionMax, 3: VersionMin, 5-7: DSL,
     * 8-13: ISID, 14-15: TSIH, 16-19: ITT, 20-21: CID, 24-27: CmdSN, 28-31: ExpStatSN.
     */
    private void writeLogin(LoginMessages.Request r) throws IOException {
        byte[] data = r.data();
        ByteBuffer b = ByteBuffer.allocate(BHS);
        b.put(0, (byte) 0x43);
        b.put(1, (byte) ((r.transit() ? 0x80 : 0) | (r.continues() ? 0x40 : 0) | r.currentStage().code() << 2
                | (r.transit() ? r.nextStage().code() : 0)));
        b.putInt(4, data.length);   // TotalAHSLength 0 in byte 4
        b.put(8, r.isid().toBytes());
        b.putShort(14, (short) r.tsih());
        b.putInt(16, ITT);
        b.putShort(20, (short) r.cid());
        b.putInt(24, cmdSn);
        b.putInt(28, expStatSn);
        send(b.array(), data);
    }

    /*
     * Login Response BHS (§11.13): 1: T|C|CSG|NSG, 2: VersionMax, 3: VersionActive, 5-7: DSL, 14-15: TSIH,
     * 24-27: StatSN, 36: Status-Class, 37: Status-Detail.
     */
    private LoginMessages.Response readLogin() throws IOException {
        byte[] h = new byte[BHS];
        in.readFully(h);
        if ((h[0] & 0x3f) != 0x23) {
            throw new IOException("expected a Login Response, got opcode 0x" + Integer.toHexString(h[0] & 0x3f));
        }
        byte[] data = readData(h);
        ByteBuffer b = ByteBuffer.wrap(h);
        expStatSn = b.getInt(24) + 1;
        int flags = h[1] & 0xff;
        return new LoginMessages.Response((flags & 0x80) != 0, (flags & 0x40) != 0, flags >> 2 & 3, flags & 3,
                h[2] & 0xff, h[3] & 0xff, b.getShort(14) & 0xffff, h[36] & 0xff, h[37] & 0xff, data);
    }

    /** One Text Request/Response exchange in full feature phase (§11.10, §11.11), C bit reassembled. */
    List<KeyValue> text(List<KeyValue> request) throws IOException {
        byte[] payload = KeyValueCodec.encode(request);
        int ttt = 0xffffffff;
        TextAssembler assembler = new TextAssembler();
        while (true) {
            ByteBuffer b = ByteBuffer.allocate(BHS);
            b.put(0, (byte) 0x04);
            b.put(1, (byte) 0x80);   // F
            b.putInt(4, payload.length);
            b.putInt(16, ITT + 1);
            b.putInt(20, ttt);
            b.putInt(24, cmdSn);
            b.putInt(28, expStatSn);
            send(b.array(), payload);
            byte[] h = new byte[BHS];
            in.readFully(h);
            if ((h[0] & 0x3f) != 0x24) {
                throw new IOException("expected a Text Response, got opcode 0x" + Integer.toHexString(h[0] & 0x3f));
            }
            byte[] data = readData(h);
            ByteBuffer rb = ByteBuffer.wrap(h);
            expStatSn = rb.getInt(24) + 1;
            boolean cont = (h[1] & 0x40) != 0;
            Optional<List<KeyValue>> done = assembler.append(data, cont);
            if (done.isPresent()) {
                return done.get();
            }
            ttt = rb.getInt(20);   // continue the same exchange with an empty request
            payload = new byte[0];
        }
    }

    private byte[] readData(byte[] h) throws IOException {
        int ahs = (h[4] & 0xff) * 4;
        int dsl = (h[5] & 0xff) << 16 | (h[6] & 0xff) << 8 | h[7] & 0xff;
        in.skipNBytes(ahs);
        byte[] data = new byte[dsl];
        in.readFully(data);
        in.skipNBytes((4 - dsl % 4) % 4);
        return data;
    }

    private void send(byte[] bhs, byte[] data) throws IOException {
        byte[] pdu = new byte[BHS + data.length + (4 - data.length % 4) % 4];
        System.arraycopy(bhs, 0, pdu, 0, BHS);
        System.arraycopy(data, 0, pdu, BHS, data.length);
        out.write(pdu);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
