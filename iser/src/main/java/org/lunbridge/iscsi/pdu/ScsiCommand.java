package org.lunbridge.iscsi.pdu;

import static org.lunbridge.iscsi.pdu.IscsiConstants.BHS_CDB_LENGTH;
import static org.lunbridge.iscsi.pdu.IscsiConstants.MAX_CDB_LENGTH;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.OptionalInt;

/**
 * RFC 7143 §11.3 SCSI Command.
 * <pre>
 *  0 |.|I| 0x01      |F|R|W|. .|ATTR | Reserved                      |
 *  4 | TotalAHSLength| DataSegmentLength                             |
 *  8 | Logical Unit Number (LUN)                                     |
 * 16 | Initiator Task Tag                                            |
 * 20 | Expected Data Transfer Length                                 |
 * 24 | CmdSN                                                         |
 * 28 | ExpStatSN                                                     |
 * 32 | SCDB (16 bytes)                                               |
 * 48 | AHS (optional): Extended CDB, Bidirectional Read EDTL         |
 *  x | DataSegment - Command Data (optional, "immediate data")       |
 * </pre>
 *
 * @param finalFlag F: no unsolicited Data-Out PDUs follow this command (§11.3.1)
 * @param cdb the CDB; CDBs shorter than 16 bytes are zero-padded to 16 (the BHS field is 16 bytes, §11.3.5),
 *     longer ones travel in an Extended CDB AHS (§11.2.2.3)
 * @param bidiReadExpectedDataTransferLength present exactly for bidirectional commands (R and W), §11.2.2.4
 * @param data immediate data (§3.2.4.2), only for writes
 */
public record ScsiCommand(boolean immediate, boolean finalFlag, boolean read, boolean write, int taskAttribute,
                          Lun lun, int itt, int expectedDataTransferLength, int cmdSn, int expStatSn, byte[] cdb,
                          OptionalInt bidiReadExpectedDataTransferLength, ByteBuffer data) implements InitiatorPdu {
    public ScsiCommand {
        Checks.range("ATTR", taskAttribute, IscsiConstants.ATTR_UNTAGGED, IscsiConstants.ATTR_ACA);
        Checks.nonNull("LUN", lun);
        Checks.nonNull("CDB", cdb);
        Checks.range("CDB length", cdb.length, 1, MAX_CDB_LENGTH);
        cdb = Arrays.copyOf(cdb, Math.max(cdb.length, BHS_CDB_LENGTH));
        Checks.nonNull("Bidirectional Read Expected Data Transfer Length", bidiReadExpectedDataTransferLength);
        data = Checks.segment(data);
        // §11.2.2.4: the bidirectional AHS belongs to commands with both R and W.
        Checks.check(bidiReadExpectedDataTransferLength.isPresent() == (read && write),
                "Bidirectional Read Expected Data Transfer Length AHS: "
                        + (bidiReadExpectedDataTransferLength.isPresent() ? "present" : "absent")
                        + " (expected: present iff R and W are set, RFC 7143 §11.2.2.4)");
        // §11.3.1 / §3.2.4.2: unsolicited data (immediate or following Data-Out) only exists for writes.
        Checks.check(write || data.remaining() == 0,
                "DataSegmentLength: " + data.remaining() + " (expected: 0 without the W bit, RFC 7143 §11.3.1)");
        Checks.check(write || finalFlag, "F bit: 0 (expected: 1 without the W bit, RFC 7143 §11.3.1)");
        Checks.check(Integer.compareUnsigned(data.remaining(), expectedDataTransferLength) <= 0,
                "DataSegmentLength: " + data.remaining() + " (expected: <= Expected Data Transfer Length "
                        + Integer.toUnsignedString(expectedDataTransferLength) + ")");
    }

    /** A unidirectional or no-data command with no unsolicited Data-Out following (F set). */
    public static ScsiCommand of(Lun lun, int itt, int cmdSn, int expStatSn, byte[] cdb, boolean read,
                                 boolean write, int expectedDataTransferLength, ByteBuffer immediateData) {
        return new ScsiCommand(false, true, read, write, IscsiConstants.ATTR_SIMPLE, lun, itt,
                expectedDataTransferLength, cmdSn, expStatSn, cdb, OptionalInt.empty(), immediateData);
    }

    @Override
    public int opcode() {
        return IscsiConstants.OP_SCSI_COMMAND;
    }

    /** A copy of the CDB (at least 16 bytes). */
    @Override
    public byte[] cdb() {
        return cdb.clone();
    }

    /** The SCSI operation code, CDB byte 0. */
    public int scsiOpcode() {
        return cdb[0] & 0xff;
    }

    @Override
    public ByteBuffer data() {
        return data.duplicate();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScsiCommand c && immediate == c.immediate && finalFlag == c.finalFlag && read == c.read
                && write == c.write && taskAttribute == c.taskAttribute && lun.equals(c.lun) && itt == c.itt
                && expectedDataTransferLength == c.expectedDataTransferLength && cmdSn == c.cmdSn
                && expStatSn == c.expStatSn && Arrays.equals(cdb, c.cdb)
                && bidiReadExpectedDataTransferLength.equals(c.bidiReadExpectedDataTransferLength)
                && data.equals(c.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * itt + cmdSn) + Arrays.hashCode(cdb);
    }

    @Override
    public String toString() {
        return "ScsiCommand[immediate=" + immediate + ", F=" + finalFlag + ", R=" + read + ", W=" + write
                + ", attr=" + IscsiConstants.nameOfTaskAttribute(taskAttribute) + ", " + lun
                + String.format(", itt=0x%08x, edtl=%s, cmdSn=%s, expStatSn=%s, cdb=%s", itt,
                Integer.toUnsignedString(expectedDataTransferLength), Integer.toUnsignedString(cmdSn),
                Integer.toUnsignedString(expStatSn), HexFormat.of().formatHex(cdb))
                + ", bidiReadEdtl=" + bidiReadExpectedDataTransferLength + ", dataLength=" + data.remaining() + "]";
    }
}
