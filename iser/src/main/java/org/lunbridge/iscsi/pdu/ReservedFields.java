package org.lunbridge.iscsi.pdu;

import static org.lunbridge.iscsi.pdu.IscsiConstants.*;

import java.nio.ByteBuffer;

/**
 * Reserved bits of each BHS, from the diagrams of RFC 7143 §11.3-§11.19: for strict decoding only (a compliant
 * receiver ignores them, §11). Fields marked "X or Reserved" are not checked, since whether they are reserved
 * depends on other fields. The F bit of PDUs where the spec draws a constant 1 is checked as well.
 */
final class ReservedFields {
    private static final byte[][] MASKS = new byte[64][];
    private static final boolean[] FINAL_IS_ONE = new boolean[64];

    static {
        // Byte 0 bit 7 is reserved everywhere; bit 6 (I) too in target PDUs, Data-Out and SNACK.
        define(OP_NOP_OUT, true, 0x80, 0x7f, 2, 2, 32, 16);
        define(OP_SCSI_COMMAND, false, 0x80, 0x18, 2, 2);
        define(OP_TASK_MANAGEMENT_REQUEST, true, 0x80, 0x00, 2, 2, 40, 8);
        define(OP_LOGIN_REQUEST, false, 0x80, 0x30, 22, 2, 32, 16);
        define(OP_TEXT_REQUEST, false, 0x80, 0x3f, 2, 2, 32, 16);
        define(OP_SCSI_DATA_OUT, false, 0xc0, 0x7f, 2, 2, 24, 4, 32, 4, 44, 4);
        define(OP_LOGOUT_REQUEST, true, 0x80, 0x00, 2, 2, 8, 8, 22, 2, 32, 16);
        define(OP_SNACK_REQUEST, true, 0xc0, 0x70, 2, 2, 24, 4, 32, 8);
        define(OP_NOP_IN, true, 0xc0, 0x7f, 2, 2, 36, 12);
        define(OP_SCSI_RESPONSE, true, 0xc0, 0x61, 8, 8);
        define(OP_TASK_MANAGEMENT_RESPONSE, true, 0xc0, 0x7f, 3, 1, 8, 8, 20, 4, 36, 12);
        define(OP_LOGIN_RESPONSE, false, 0xc0, 0x30, 20, 4, 38, 10);
        define(OP_TEXT_RESPONSE, false, 0xc0, 0x3f, 2, 2, 36, 12);
        define(OP_SCSI_DATA_IN, false, 0xc0, 0x38, 2, 1);
        define(OP_LOGOUT_RESPONSE, true, 0xc0, 0x7f, 3, 1, 8, 8, 20, 4, 36, 4, 44, 4);
        define(OP_R2T, true, 0xc0, 0x7f, 2, 2);
        define(OP_ASYNC_MESSAGE, true, 0xc0, 0x7f, 2, 2, 20, 4, 44, 4);
        define(OP_REJECT, true, 0xc0, 0x7f, 3, 1, 8, 8, 20, 4, 40, 8);
    }

    private ReservedFields() {}

    /**
     * @param byte0 reserved bits of byte 0
     * @param byte1 reserved bits of byte 1
     * @param ranges pairs (offset, length) of wholly reserved bytes
     */
    private static void define(int opcode, boolean finalIsOne, int byte0, int byte1, int... ranges) {
        byte[] mask = new byte[BHS_LENGTH];
        mask[0] = (byte) byte0;
        mask[1] = (byte) byte1;
        for (int i = 0; i < ranges.length; i += 2) {
            for (int j = ranges[i]; j < ranges[i] + ranges[i + 1]; j++) {
                mask[j] = (byte) 0xff;
            }
        }
        MASKS[opcode] = mask;
        FINAL_IS_ONE[opcode] = finalIsOne;
    }

    static void check(int opcode, ByteBuffer bhs) throws PduFormatException {
        byte[] mask = MASKS[opcode];
        if (mask == null) {
            return; // unknown opcodes are rejected by the decoder itself
        }
        for (int i = 0; i < BHS_LENGTH; i++) {
            int bits = bhs.get(i) & mask[i];
            if (bits != 0) {
                throw new PduFormatException(String.format("%s: reserved bits 0x%02x set in byte %d (expected: 0)",
                        PduDecoder.describe(opcode), bits & 0xff, i));
            }
        }
        if (FINAL_IS_ONE[opcode] && (bhs.get(1) & FLAG_FINAL) == 0) {
            throw new PduFormatException(PduDecoder.describe(opcode) + ": F bit: 0 (expected: 1)");
        }
        if (opcode == OP_LOGIN_REQUEST && (bhs.get(0) & IMMEDIATE_BIT) == 0) {
            // §11.12: the I bit of a Login Request is always 1.
            throw new PduFormatException(PduDecoder.describe(opcode) + ": I bit: 0 (expected: 1)");
        }
    }
}
