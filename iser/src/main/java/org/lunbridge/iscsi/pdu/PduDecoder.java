package org.lunbridge.iscsi.pdu;

import static org.lunbridge.iscsi.pdu.IscsiConstants.*;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * Decodes one framed PDU: {@code header} is exactly BHS + AHS (as {@link PduFraming#headerLength} says), {@code
 * data} exactly the unpadded data segment (digests already checked and stripped by the transport). Neither
 * buffer is moved; the record's data segment is a read-only view of {@code data}, not a copy: a transport that
 * reuses its receive buffer must hand over a fresh one (or copy) while the record is still in use.
 *
 * <p>RFC 7143 §11: "Any compliant receiver MUST ignore any bit not defined and all reserved fields ... Receipt of
 * reserved code values in defined fields MUST be reported as a protocol error." The {@code decode…} methods do
 * exactly that. {@link #decodeStrict} additionally rejects non-zero reserved bits and fields: for fake targets
 * and fixtures in tests, where any such bit is a bug of ours.
 *
 * <p>Before reading the data segment a transport bounds it with {@link #checkDataSegmentLength}.
 */
public final class PduDecoder {
    private PduDecoder() {}

    /** Decodes a PDU received by an initiator. */
    public static TargetPdu decodeTargetPdu(ByteBuffer header, ByteBuffer data) throws PduFormatException {
        requireBhs(header);
        int opcode = PduFraming.opcode(header);
        if (isInitiatorOpcode(opcode)) {
            throw new PduFormatException("opcode: " + describe(opcode) + " (expected: a target opcode)");
        }
        return (TargetPdu) decode(header, data, false);
    }

    /** Decodes a PDU received by a target (fake targets in tests). */
    public static InitiatorPdu decodeInitiatorPdu(ByteBuffer header, ByteBuffer data) throws PduFormatException {
        requireBhs(header);
        int opcode = PduFraming.opcode(header);
        if (!isInitiatorOpcode(opcode)) {
            throw new PduFormatException("opcode: " + describe(opcode) + " (expected: an initiator opcode)");
        }
        return (InitiatorPdu) decode(header, data, false);
    }

    /** Decodes a PDU of either direction, ignoring reserved fields as RFC 7143 §11 requires. */
    public static IscsiPdu decode(ByteBuffer header, ByteBuffer data) throws PduFormatException {
        return decode(header, data, false);
    }

    /** Like {@link #decode} but also rejects any non-zero reserved bit or field. */
    public static IscsiPdu decodeStrict(ByteBuffer header, ByteBuffer data) throws PduFormatException {
        return decode(header, data, true);
    }

    /**
     * Bounds the DataSegmentLength of a received BHS before its data is read, e.g. by the negotiated
     * MaxRecvDataSegmentLength (§13.12); message {@code DataSegmentLength: 16777215 (expected: <= 262144)}.
     */
    public static void checkDataSegmentLength(ByteBuffer bhs, int maxDataSegmentLength) throws PduFormatException {
        requireBhs(bhs);
        int length = PduFraming.dataSegmentLength(bhs);
        if (length > maxDataSegmentLength) {
            throw new PduFormatException(describe(PduFraming.opcode(bhs)) + ": DataSegmentLength: " + length
                    + " (expected: <= " + maxDataSegmentLength + ")");
        }
    }

    private static IscsiPdu decode(ByteBuffer header, ByteBuffer data, boolean strict) throws PduFormatException {
        requireBhs(header);
        ByteBuffer h = header.slice();
        int opcode = h.get(0) & OPCODE_MASK;
        int headerLength = BHS_LENGTH + PduFraming.totalAhsLengthBytes(h);
        if (h.remaining() != headerLength) {
            throw new PduFormatException(describe(opcode) + ": header length: " + h.remaining() + " (expected: "
                    + headerLength + " = 48 + TotalAHSLength * 4)");
        }
        int dataSegmentLength = PduFraming.dataSegmentLength(h);
        if (data.remaining() != dataSegmentLength) {
            throw new PduFormatException(describe(opcode) + ": data length: " + data.remaining()
                    + " (expected: DataSegmentLength " + dataSegmentLength + ")");
        }
        if (opcode != OP_SCSI_COMMAND && headerLength != BHS_LENGTH) {
            // §11.2.2: AHS types are defined for the SCSI Command only.
            throw new PduFormatException(describe(opcode) + ": TotalAHSLength: " + (headerLength - BHS_LENGTH) / 4
                    + " (expected: 0)");
        }
        if (dataSegmentLength != 0 && !hasDataSegment(opcode)) {
            throw new PduFormatException(describe(opcode) + ": DataSegmentLength: " + dataSegmentLength
                    + " (expected: 0)");
        }
        if (strict) {
            ReservedFields.check(opcode, h);
        }
        try {
            return switch (opcode) {
                case OP_NOP_OUT -> new NopOut(immediate(h), lun(h), h.getInt(16), h.getInt(20), h.getInt(24),
                        h.getInt(28), data);
                case OP_SCSI_COMMAND -> scsiCommand(h, data, strict);
                case OP_TASK_MANAGEMENT_REQUEST -> new TaskManagementRequest(immediate(h), h.get(1) & FUNCTION_MASK,
                        lun(h), h.getInt(16), h.getInt(20), h.getInt(24), h.getInt(28), h.getInt(32), h.getInt(36));
                case OP_LOGIN_REQUEST -> new LoginRequest(flag(h, FLAG_TRANSIT), flag(h, FLAG_CONTINUE), csg(h),
                        nsg(h), u8(h, 2), u8(h, 3), isid(h), u16(h, 14), h.getInt(16), u16(h, 20), h.getInt(24),
                        h.getInt(28), data);
                case OP_TEXT_REQUEST -> new TextRequest(immediate(h), flag(h, FLAG_FINAL), flag(h, FLAG_CONTINUE),
                        lun(h), h.getInt(16), h.getInt(20), h.getInt(24), h.getInt(28), data);
                case OP_SCSI_DATA_OUT -> new DataOut(flag(h, FLAG_FINAL), lun(h), h.getInt(16), h.getInt(20),
                        h.getInt(28), h.getInt(36), h.getInt(40), data);
                case OP_LOGOUT_REQUEST -> new LogoutRequest(immediate(h), h.get(1) & FUNCTION_MASK, h.getInt(16),
                        u16(h, 20), h.getInt(24), h.getInt(28));
                case OP_SNACK_REQUEST -> new SnackRequest(h.get(1) & SNACK_TYPE_MASK, lun(h), h.getInt(16),
                        h.getInt(20), h.getInt(28), h.getInt(40), h.getInt(44));
                case OP_NOP_IN -> new NopIn(lun(h), h.getInt(16), h.getInt(20), h.getInt(24), h.getInt(28),
                        h.getInt(32), data);
                case OP_SCSI_RESPONSE -> new ScsiResponse(flag(h, FLAG_BIDI_READ_RESIDUAL_OVERFLOW),
                        flag(h, FLAG_BIDI_READ_RESIDUAL_UNDERFLOW), flag(h, FLAG_RESIDUAL_OVERFLOW),
                        flag(h, FLAG_RESIDUAL_UNDERFLOW), u8(h, 2), u8(h, 3), h.getInt(16), h.getInt(20),
                        h.getInt(24), h.getInt(28), h.getInt(32), h.getInt(36), h.getInt(40), h.getInt(44), data);
                case OP_TASK_MANAGEMENT_RESPONSE -> new TaskManagementResponse(u8(h, 2), h.getInt(16), h.getInt(24),
                        h.getInt(28), h.getInt(32));
                case OP_LOGIN_RESPONSE -> new LoginResponse(flag(h, FLAG_TRANSIT), flag(h, FLAG_CONTINUE), csg(h),
                        nsg(h), u8(h, 2), u8(h, 3), isid(h), u16(h, 14), h.getInt(16), h.getInt(24), h.getInt(28),
                        h.getInt(32), u8(h, 36), u8(h, 37), data);
                case OP_TEXT_RESPONSE -> new TextResponse(flag(h, FLAG_FINAL), flag(h, FLAG_CONTINUE), lun(h),
                        h.getInt(16), h.getInt(20), h.getInt(24), h.getInt(28), h.getInt(32), data);
                case OP_SCSI_DATA_IN -> new DataIn(flag(h, FLAG_FINAL), flag(h, FLAG_ACKNOWLEDGE),
                        flag(h, FLAG_RESIDUAL_OVERFLOW), flag(h, FLAG_RESIDUAL_UNDERFLOW), flag(h, FLAG_STATUS),
                        u8(h, 3), lun(h), h.getInt(16), h.getInt(20), h.getInt(24), h.getInt(28), h.getInt(32),
                        h.getInt(36), h.getInt(40), h.getInt(44), data);
                case OP_LOGOUT_RESPONSE -> new LogoutResponse(u8(h, 2), h.getInt(16), h.getInt(24), h.getInt(28),
                        h.getInt(32), u16(h, 40), u16(h, 42));
                case OP_R2T -> new R2t(lun(h), h.getInt(16), h.getInt(20), h.getInt(24), h.getInt(28), h.getInt(32),
                        h.getInt(36), h.getInt(40), h.getInt(44));
                case OP_ASYNC_MESSAGE -> {
                    requireReservedTag(h, opcode);
                    yield new AsyncMessage(lun(h), h.getInt(24), h.getInt(28), h.getInt(32), u8(h, 36), u8(h, 37),
                            u16(h, 38), u16(h, 40), u16(h, 42), data);
                }
                case OP_REJECT -> {
                    requireReservedTag(h, opcode);
                    yield new Reject(u8(h, 2), h.getInt(24), h.getInt(28), h.getInt(32), h.getInt(36), data);
                }
                default -> throw new PduFormatException("opcode: " + describe(opcode)
                        + " (expected: an opcode of RFC 7143 §11.2.1.1)");
            };
        } catch (IllegalArgumentException e) {
            // A record constructor refused a field: a reserved code value or a forbidden combination.
            throw new PduFormatException(describe(opcode) + ": " + e.getMessage(), e);
        }
    }

    /** §11.3 + §11.2.2: CDB bytes 0-15 from the BHS, the rest from an Extended CDB AHS. */
    private static ScsiCommand scsiCommand(ByteBuffer h, ByteBuffer data, boolean strict) throws PduFormatException {
        byte[] cdb = new byte[BHS_CDB_LENGTH];
        h.get(32, cdb);
        OptionalInt bidi = OptionalInt.empty();
        boolean extended = false;
        int at = BHS_LENGTH;
        while (at < h.limit()) {
            if (h.limit() - at < 4) {
                throw new PduFormatException("SCSI Command: AHS at " + at + ": " + (h.limit() - at)
                        + " bytes (expected: >= 4)");
            }
            int ahsLength = u16(h, at);
            int type = h.get(at + 2) & 0x3f;
            int size = PduFraming.padTo4(3 + ahsLength);
            if (size > h.limit() - at) {
                throw new PduFormatException("SCSI Command: AHSLength: " + ahsLength + " (expected: <= "
                        + (h.limit() - at - 3) + ", the rest of TotalAHSLength)");
            }
            if (strict && ((h.get(at + 2) & 0xc0) != 0 || h.get(at + 3) != 0 || !zeros(h, at + 3 + ahsLength,
                    at + size))) {
                throw new PduFormatException("SCSI Command: AHS at " + at + ": reserved bits or padding set");
            }
            if (type == AHS_EXTENDED_CDB && !extended) {
                // §11.2.2.3: AHSLength = CDB length - 15 and the CDB is longer than 16 bytes.
                int extra = ahsLength - 1;
                if (extra < 1 || BHS_CDB_LENGTH + extra > MAX_CDB_LENGTH) {
                    throw new PduFormatException("SCSI Command: Extended CDB AHSLength: " + ahsLength
                            + " (expected: 2.." + (MAX_CDB_LENGTH - 15) + ")");
                }
                cdb = Arrays.copyOf(cdb, BHS_CDB_LENGTH + extra);
                h.get(at + 4, cdb, BHS_CDB_LENGTH, extra);
                extended = true;
            } else if (type == AHS_BIDI_READ_EXPECTED_DATA_TRANSFER_LENGTH && bidi.isEmpty()) {
                if (ahsLength != 5) {
                    throw new PduFormatException("SCSI Command: Bidirectional Read Expected Data Transfer Length "
                            + "AHSLength: " + ahsLength + " (expected: 5)");
                }
                bidi = OptionalInt.of(h.getInt(at + 4));
            } else {
                throw new PduFormatException("SCSI Command: AHSType: " + type + " (expected: one of each of 1 "
                        + "Extended CDB, 2 Bidirectional Read Expected Data Transfer Length)");
            }
            at += size;
        }
        return new ScsiCommand(immediate(h), flag(h, FLAG_FINAL), flag(h, FLAG_READ), flag(h, FLAG_WRITE),
                h.get(1) & ATTR_MASK, lun(h), h.getInt(16), h.getInt(20), h.getInt(24), h.getInt(28), cdb, bidi, data);
    }

    /** TMF Request/Response, Logout Request/Response, R2T and SNACK carry no data segment (§11.5-§11.16). */
    private static boolean hasDataSegment(int opcode) {
        return switch (opcode) {
            case OP_TASK_MANAGEMENT_REQUEST, OP_TASK_MANAGEMENT_RESPONSE, OP_LOGOUT_REQUEST, OP_LOGOUT_RESPONSE,
                 OP_R2T, OP_SNACK_REQUEST -> false;
            default -> true;
        };
    }

    private static boolean zeros(ByteBuffer h, int from, int to) {
        for (int i = from; i < to; i++) {
            if (h.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static void requireReservedTag(ByteBuffer h, int opcode) throws PduFormatException {
        if (h.getInt(16) != RESERVED_TAG) {
            throw new PduFormatException(String.format("%s: Initiator Task Tag: 0x%08x (expected: 0xffffffff)",
                    describe(opcode), h.getInt(16)));
        }
    }

    private static void requireBhs(ByteBuffer header) throws PduFormatException {
        if (header.remaining() < BHS_LENGTH) {
            throw new PduFormatException("BHS length: " + header.remaining() + " (expected: >= " + BHS_LENGTH + ")");
        }
    }

    static String describe(int opcode) {
        return String.format("0x%02x (%s)", opcode, nameOfOpcode(opcode));
    }

    private static boolean immediate(ByteBuffer h) {
        return (h.get(0) & IMMEDIATE_BIT) != 0;
    }

    private static boolean flag(ByteBuffer h, int mask) {
        return (h.get(1) & mask) != 0;
    }

    private static int csg(ByteBuffer h) {
        return (h.get(1) & CSG_MASK) >>> CSG_SHIFT;
    }

    private static int nsg(ByteBuffer h) {
        return h.get(1) & NSG_MASK;
    }

    private static int u8(ByteBuffer h, int index) {
        return h.get(index) & 0xff;
    }

    private static int u16(ByteBuffer h, int index) {
        return h.getShort(index) & 0xffff;
    }

    private static Lun lun(ByteBuffer h) {
        return Lun.read(h, 8);
    }

    private static long isid(ByteBuffer h) {
        return h.getLong(8) >>> 16;
    }
}
