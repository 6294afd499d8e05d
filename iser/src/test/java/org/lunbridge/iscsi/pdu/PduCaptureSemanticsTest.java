package org.lunbridge.iscsi.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Field meanings checked against what two independent implementations did on the wire. Byte-exact re-encoding
 * alone cannot catch two fields swapped in both encoder and decoder; these sequence and offset rules can.
 */
class PduCaptureSemanticsTest {
    private static final int MIB = 1 << 20;

    @Test
    void givenOneMibWrite_whenR2tsAndDataOutsFollowed_thenTheyTileTheBufferAfterTheImmediateData() throws Exception {
        List<IscsiPdu> pdus = decodeAll("write-r2t-dataout-read-datain");
        ScsiCommand write = pdus.stream().filter(p -> p instanceof ScsiCommand c && c.write())
                .map(ScsiCommand.class::cast).findFirst().orElseThrow();
        assertEquals(MIB, write.expectedDataTransferLength());
        assertEquals(0x2a, write.scsiOpcode()); // WRITE(10)
        int immediate = write.data().remaining();
        assertTrue(immediate > 0);
        assertAllBytes(write.data(), 0xab);
        int expectedOffset = immediate;
        int covered = immediate;
        R2t current = null;
        int dataSn = 0;
        int burstBytes = 0;
        for (IscsiPdu p : pdus) {
            if (p instanceof R2t r && r.itt() == write.itt()) {
                assertEquals(expectedOffset, r.bufferOffset(), "R2T continues where the data left off");
                current = r;
                dataSn = 0;
                burstBytes = 0;
            } else if (p instanceof DataOut d && d.itt() == write.itt()) {
                assertEquals(current.ttt(), d.ttt(), "Data-Out carries the R2T's TTT");
                assertEquals(current.lun(), d.lun());
                assertEquals(dataSn++, d.dataSn(), "DataSN restarts at 0 per R2T");
                assertEquals(expectedOffset, d.bufferOffset());
                assertAllBytes(d.data(), 0xab);
                expectedOffset += d.data().remaining();
                covered += d.data().remaining();
                burstBytes += d.data().remaining();
                assertEquals(burstBytes == current.desiredDataTransferLength(), d.finalFlag(),
                        "F marks the last Data-Out of the R2T's burst");
            }
        }
        assertEquals(MIB, covered);
        ScsiResponse status = pdus.stream().filter(p -> p instanceof ScsiResponse r && r.itt() == write.itt())
                .map(ScsiResponse.class::cast).findFirst().orElseThrow();
        assertEquals(0, status.status());
        assertFalse(status.residualOverflow() || status.residualUnderflow());
    }

    @Test
    void givenOneMibRead_whenDataInsFollowed_thenContiguousWithStatusOnTheLast() throws Exception {
        List<IscsiPdu> pdus = decodeAll("write-r2t-dataout-read-datain");
        ScsiCommand read = pdus.stream().filter(p -> p instanceof ScsiCommand c && c.read()
                && c.expectedDataTransferLength() == MIB).map(ScsiCommand.class::cast).findFirst().orElseThrow();
        List<DataIn> dataIns = pdus.stream().filter(p -> p instanceof DataIn d && d.itt() == read.itt())
                .map(DataIn.class::cast).toList();
        int offset = 0;
        for (int i = 0; i < dataIns.size(); i++) {
            DataIn d = dataIns.get(i);
            assertEquals(i, d.dataSn());
            assertEquals(offset, d.bufferOffset());
            assertAllBytes(d.data(), 0xab);
            offset += d.data().remaining();
            assertEquals(i == dataIns.size() - 1, d.statusPresent());
        }
        assertEquals(MIB, offset);
        assertEquals(0, dataIns.getLast().status());
        assertEquals(0, dataIns.getLast().residualCount());
    }

    @Test
    void givenReadCapacity16_whenItsDataInRead_thenSixteenMibOf512ByteBlocks() throws Exception {
        List<IscsiPdu> pdus = decodeAll("login-inquiry-readcapacity");
        ScsiCommand readCapacity = pdus.stream()
                .filter(p -> p instanceof ScsiCommand c && c.scsiOpcode() == 0x9e && c.cdb()[1] == 0x10)
                .map(ScsiCommand.class::cast).findFirst().orElseThrow();
        DataIn answer = pdus.stream().filter(p -> p instanceof DataIn d && d.itt() == readCapacity.itt())
                .map(DataIn.class::cast).findFirst().orElseThrow();
        ByteBuffer data = answer.data();
        assertEquals(16 * MIB / 512 - 1, data.getLong(0), "RETURNED LOGICAL BLOCK ADDRESS");
        assertEquals(512, data.getInt(8), "LOGICAL BLOCK LENGTH IN BYTES");
        assertEquals(Lun.of(1), readCapacity.lun());
        assertTrue(answer.statusPresent());
    }

    @Test
    void givenEverySession_whenSequenceNumbersFollowed_thenCmdSnAndStatSnAdvanceByOne() throws Exception {
        for (String capture : PduCaptureTest.CAPTURES) {
            Set<Integer> commandTags = new HashSet<>();
            Integer nextCmdSn = null;
            Integer lastStatSn = null;
            Integer lastExpCmdSn = null;
            for (IscsiPdu p : decodeAll(capture)) {
                if (p instanceof InitiatorPdu i && !(p instanceof DataOut) && !(p instanceof SnackRequest)) {
                    int cmdSn = cmdSn(i);
                    // RFC 7143 §3.2.2.1: an immediate PDU carries the next CmdSN without advancing it.
                    if (nextCmdSn != null) {
                        assertEquals(nextCmdSn, cmdSn, capture + ": CmdSN of " + p);
                    }
                    nextCmdSn = i.immediate() ? cmdSn : cmdSn + 1;
                    commandTags.add(p.itt());
                }
                if (p instanceof TargetPdu t) {
                    boolean carriesStatus = p instanceof ScsiResponse || p instanceof DataIn d && d.statusPresent()
                            || p instanceof LogoutResponse || p instanceof NopIn n && n.itt() != -1;
                    if (carriesStatus && lastStatSn != null) {
                        assertEquals(lastStatSn + 1, t.statSn(), capture + ": StatSN of " + t);
                    }
                    if (carriesStatus) {
                        lastStatSn = t.statSn();
                    }
                    if (lastExpCmdSn != null) {
                        assertTrue(SerialNumbers.greaterThanOrEqual(t.expCmdSn(), lastExpCmdSn), capture + ": " + t);
                    }
                    assertTrue(SerialNumbers.greaterThanOrEqual(t.maxCmdSn() + 1, t.expCmdSn()), capture + ": " + t);
                    lastExpCmdSn = t.expCmdSn();
                    if (!(p instanceof AsyncMessage || p instanceof Reject)) {
                        assertTrue(commandTags.contains(p.itt()), capture + ": answer to an unknown ITT " + p);
                    }
                }
            }
        }
    }

    private static int cmdSn(InitiatorPdu p) {
        return switch (p) {
            case NopOut n -> n.cmdSn();
            case ScsiCommand c -> c.cmdSn();
            case TaskManagementRequest t -> t.cmdSn();
            case LoginRequest l -> l.cmdSn();
            case TextRequest t -> t.cmdSn();
            case LogoutRequest l -> l.cmdSn();
            case DataOut d -> throw new IllegalArgumentException("Data-Out has no CmdSN");
            case SnackRequest s -> throw new IllegalArgumentException("SNACK has no CmdSN");
        };
    }

    @Test
    void givenNopCapture_whenPingAnswered_thenNopInEchoesTheTagAndData() throws Exception {
        List<IscsiPdu> pdus = decodeAll("nop-idle");
        NopOut ping = pdus.stream().filter(NopOut.class::isInstance).map(NopOut.class::cast).findFirst().orElseThrow();
        NopIn echo = pdus.stream().filter(p -> p instanceof NopIn n && n.itt() == ping.itt()).map(NopIn.class::cast)
                .findFirst().orElseThrow();
        assertEquals(IscsiConstants.RESERVED_TAG, ping.ttt());
        assertEquals(IscsiConstants.RESERVED_TAG, echo.ttt());
        assertFalse(echo.wantsAnswer());
        assertEquals(ping.data(), echo.data());
    }

    private static List<IscsiPdu> decodeAll(String capture) throws Exception {
        List<IscsiPdu> pdus = new ArrayList<>();
        for (PduCaptureTest.WirePdu w : PduCaptureTest.read(capture)) {
            pdus.add(PduDecoder.decode(w.header(), w.data()));
        }
        return pdus;
    }

    private static void assertAllBytes(ByteBuffer data, int value) {
        for (int i = data.position(); i < data.limit(); i++) {
            if ((data.get(i) & 0xff) != value) {
                throw new AssertionError("byte " + i + ": " + (data.get(i) & 0xff) + " (expected: " + value + ")");
            }
        }
    }
}
