package org.lunbridge.iscsi.transport.rdma;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.lunbridge.iscsi.login.DigestType;
import org.lunbridge.iscsi.login.Isid;
import org.lunbridge.iscsi.login.LoginConfig;
import org.lunbridge.iscsi.login.LoginConversation;
import org.lunbridge.iscsi.login.LoginPdus;
import org.lunbridge.iscsi.login.LoginStep;
import org.lunbridge.iscsi.login.OperationalOffer;
import org.lunbridge.iscsi.pdu.LoginResponse;
import org.lunbridge.iscsi.pdu.LogoutRequest;
import org.lunbridge.iscsi.pdu.LogoutResponse;
import org.lunbridge.iscsi.pdu.Lun;
import org.lunbridge.iscsi.pdu.PduEncoder;
import org.lunbridge.iscsi.pdu.ScsiCommand;
import org.lunbridge.iscsi.pdu.ScsiResponse;
import org.lunbridge.iscsi.pdu.TargetPdu;
import org.lunbridge.iscsi.transport.ConnectResult;
import org.lunbridge.iscsi.transport.TaskBuffers;
import org.lunbridge.iscsi.transport.TransportOptions;

/**
 * The VM lab's proof of the real RDMA path (guest test {@code iser-transport}, Soft-RoCE rxe0 + tgtd --iser):
 * connect through the RDMA CM, log in with {@link LoginConversation} over iSER Sends (RDMAExtensions=Yes), READ
 * CAPACITY(10), WRITE(10) 64 KiB from a heap buffer (4 KiB immediate if the target agreed to ImmediateData, the
 * rest RDMA-Read from a bounce slot),
 * READ(10) it back into a registered buffer (zero copy) and into a heap buffer (bounce), compare, log out. Exits 0
 * only if every step passed. A driver, not a unit test: it needs a device.
 * Usage: {@code IserProbe PORTAL_IP PORT TARGET_IQN INITIATOR_IQN [PATTERN_FILE]}; the 64 KiB written at LBA 16
 * is also saved to PATTERN_FILE so the lab can compare it with the target's backing file.
 */
public final class IserProbe {
    private static int itt = 1;
    private static int cmdSn;
    private static int expStatSn;
    private static boolean immediateData;

    private IserProbe() {}

    public static void main(String[] args) throws Exception {
        InetSocketAddress portal = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        String target = args[2];
        String initiator = args[3];
        System.out.println("auto transport: " + RdmaAvailability.check(portal, 2000));
        ConnectResult result = new IserConnector(IserOptions.defaults())
                .connect(portal, TransportOptions.defaults().withConnectTimeoutMillis(10_000));
        System.out.println("connect: " + result);
        if (!(result instanceof ConnectResult.Connected connected)) {
            throw new AssertionError("iSER connect failed: " + result);
        }
        try (IserTransport transport = (IserTransport) connected.transport()) {
            // A lab run must end: not done within 180 s (TCG guest) fails the connection (and the probe).
            Thread watchdog = Thread.ofPlatform().daemon().start(() -> {
                try {
                    Thread.sleep(180_000);
                    transport.fail(org.lunbridge.iscsi.transport.ConnectionLostException.Reason.TIMEOUT,
                            "IserProbe watchdog: 180 s");
                } catch (InterruptedException e) {
                    // probe finished
                }
            });
            login(transport, target, initiator);
            System.out.println("after login: CmdSN " + cmdSn + ", ExpStatSN " + expStatSn);
            Lun lun = Lun.of(1);
            byte[] capacity = new byte[8];
            ScsiResponse rc = null;
            // The first command of a new I_T nexus sees tgt's power-on UNIT ATTENTION (CHECK CONDITION): retry.
            for (int attempt = 0; attempt < 3 && (rc == null || rc.status() == 2); attempt++) {
                rc = command(transport, lun, new byte[] {0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0}, true, false,
                        ByteBuffer.allocate(0), ByteBuffer.wrap(capacity), 0);
                System.out.println("READ CAPACITY(10): status " + rc.status() + ", sense "
                        + java.util.HexFormat.of().formatHex(toArray(rc.senseData())));
            }
            check(rc.status() == 0, "READ CAPACITY status " + rc.status());
            ByteBuffer cap = ByteBuffer.wrap(capacity);
            long lastLba = Integer.toUnsignedLong(cap.getInt(0));
            int blockSize = cap.getInt(4);
            System.out.println("READ CAPACITY(10): last LBA " + lastLba + ", block " + blockSize + " bytes");
            check(blockSize == 512 && lastLba > 128, "unexpected capacity");

            byte[] pattern = new byte[64 * 1024];
            new Random(7145).nextBytes(pattern);
            if (args.length > 4) {
                java.nio.file.Files.write(java.nio.file.Path.of(args[4]), pattern);
            }
            int blocks = pattern.length / blockSize;
            byte[] write10 = {0x2a, 0, 0, 0, 0, 16, 0, (byte) (blocks >>> 8), (byte) blocks, 0}; // LBA 16
            int immediateBytes = immediateData ? 4096 : 0;
            ScsiResponse wr = command(transport, lun, write10, false, true, ByteBuffer.wrap(pattern),
                    ByteBuffer.allocate(0), immediateBytes);
            check(wr.status() == 0, "WRITE(10) status " + wr.status());
            System.out.println("WRITE(10) 64 KiB: GOOD (" + immediateBytes + " bytes immediate, the rest RDMA-Read"
                    + " by the target)");

            byte[] read10 = {0x28, 0, 0, 0, 0, 16, 0, (byte) (blocks >>> 8), (byte) blocks, 0};
            try (RegisteredBuffer registered = transport.borrowBuffer(pattern.length)) {
                ScsiResponse rd = command(transport, lun, read10, true, false, ByteBuffer.allocate(0),
                        registered.buffer(), 0);
                check(rd.status() == 0, "READ(10) status " + rd.status());
                byte[] got = new byte[pattern.length];
                registered.buffer().get(0, got);
                check(Arrays.equals(pattern, got), "READ(10) into registered memory differs from what was written");
                System.out.println("READ(10) 64 KiB into a registered buffer (zero copy): identical");
            }
            byte[] heap = new byte[pattern.length];
            ScsiResponse rd2 = command(transport, lun, read10, true, false, ByteBuffer.allocate(0),
                    ByteBuffer.wrap(heap), 0);
            check(rd2.status() == 0 && Arrays.equals(pattern, heap), "READ(10) into a heap buffer differs");
            System.out.println("READ(10) 64 KiB into a heap buffer (bounce): identical");

            transport.send(PduEncoder.encode(new LogoutRequest(true, 0, itt++, 0, cmdSn, expStatSn)));
            LogoutResponse logout = (LogoutResponse) next(transport);
            check(logout.response() == 0, "logout response " + logout.response());
            System.out.println("logout: OK; stats " + transport.stats().snapshot());
        }
        System.out.println("IserProbe: OK");
        System.exit(0);
    }

    private static void login(IserTransport transport, String target, String initiator) throws Exception {
        Isid isid = Isid.random(new SecureRandom(), 0);
        // RFC 7145 §6.3: RDMAExtensions=Yes and our RX descriptor size as InitiatorRecvDataSegmentLength;
        // InitialR2T=Yes: this transport never sends unsolicited Data-Out (the target RDMA-Reads the rest).
        OperationalOffer offer = new OperationalOffer(List.of(DigestType.NONE), List.of(DigestType.NONE), 1, true,
                true, 8192, 262144, 8192, 2, 0, 1, true, true, 0, true, transport.maxRecvDataSegmentLength());
        LoginConversation conversation = new LoginConversation(LoginConfig.normal(initiator, target, isid)
                .withOffer(offer));
        LoginStep step = conversation.start();
        cmdSn = 1;
        while (step instanceof LoginStep.Send send) {
            transport.send(PduEncoder.encode(LoginPdus.toPdu(send.request(), 0, cmdSn, expStatSn)));
            LoginResponse response = (LoginResponse) transport.receive();
            expStatSn = response.statSn() + 1;
            // RFC 7143 §11.12.6: Login Requests are immediate; CmdSN stays the initial one, which the first
            // command after login then uses. (tgt's iSER login answers ExpCmdSN = CmdSN + 1: not a value to copy.)
            step = conversation.onResponse(LoginPdus.fromPdu(response, isid));
        }
        LoginStep.LoginResult result = ((LoginStep.Complete) step).result();
        System.out.println("login: " + result);
        check(result.session().rdmaExtensions(), "target did not accept RDMAExtensions=Yes");
        immediateData = result.session().immediateData();
        transport.setMaxSendDataSegmentLength(Math.min(transport.caps().maxSendDataSegmentLengthBytes(),
                result.connection().targetRecvDataSegmentLength()));
        transport.setMaxRecvDataSegmentLength(result.connection().initiatorRecvDataSegmentLength());
    }

    private static ScsiResponse command(IserTransport transport, Lun lun, byte[] cdb, boolean read, boolean write,
                                        ByteBuffer writeData, ByteBuffer readBuffer, int immediateBytes)
            throws Exception {
        int tag = itt++;
        int length = read ? readBuffer.remaining() : writeData.remaining();
        ByteBuffer immediate = writeData.slice(writeData.position(), immediateBytes);
        ScsiCommand command = new ScsiCommand(false, true, read, write, 1, lun, tag, length, cmdSn++, expStatSn,
                cdb, java.util.OptionalInt.empty(), immediate);
        System.out.println("sending " + org.lunbridge.iscsi.pdu.PduDescriptions.describe(command));
        transport.sendCommand(PduEncoder.encode(command), new TaskBuffers(tag, writeData, readBuffer));
        TargetPdu pdu = next(transport);
        ScsiResponse response = (ScsiResponse) pdu;
        check(response.itt() == tag, "response ITT " + response.itt() + " for task " + tag);
        return response;
    }

    private static TargetPdu next(IserTransport transport) throws Exception {
        while (true) {
            TargetPdu pdu = transport.receive();
            if (pdu instanceof ScsiResponse r) {
                expStatSn = r.statSn() + 1;
                return pdu;
            }
            if (pdu instanceof LogoutResponse r) {
                expStatSn = r.statSn() + 1;
                return pdu;
            }
            System.out.println("skipping " + org.lunbridge.iscsi.pdu.PduDescriptions.describe(pdu));
        }
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
