package org.lunbridge.iscsi.scsi;

import java.util.HexFormat;

/**
 * A command descriptor block ready to be carried by a transport, plus what the transport must know about it.
 *
 * <p>SAM-5 leaves the data direction and the expected transfer length to the transport (iSCSI puts them in
 * the SCSI Command PDU's R/W bits and Expected Data Transfer Length), so the builder that knows the command
 * records them here rather than making every caller recompute them.
 *
 * @param bytes the CDB (6, 10, 12 or 16 bytes); defensively copied
 * @param direction which way data flows
 * @param transferLengthBytes bytes expected in the data-in or data-out buffer (0 for {@link Direction#NONE})
 * @param description a one-line text for logs, e.g. {@code "READ(16) lba=4096 blocks=8 fua"}
 */
public record Cdb(byte[] bytes, Direction direction, long transferLengthBytes, String description) {
    /** Data direction of a command from the initiator's point of view. */
    public enum Direction { NONE, READ, WRITE }

    public Cdb {
        if (bytes.length != 6 && bytes.length != 10 && bytes.length != 12 && bytes.length != 16) {
            throw new IllegalArgumentException("CDB length: " + bytes.length + " (expected: 6, 10, 12 or 16)");
        }
        if (transferLengthBytes < 0 || transferLengthBytes > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("transferLengthBytes: " + transferLengthBytes
                    + " (expected: 0..4294967295, iSCSI's Expected Data Transfer Length is 32 bits)");
        }
        if ((direction == Direction.NONE) != (transferLengthBytes == 0)) {
            throw new IllegalArgumentException("direction " + direction + " with transferLengthBytes "
                    + transferLengthBytes);
        }
        bytes = bytes.clone();
    }

    /** A copy of the CDB bytes. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The operation code, byte 0. */
    public int opcode() {
        return bytes[0] & 0xFF;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cdb c && java.util.Arrays.equals(bytes, c.bytes) && direction == c.direction
                && transferLengthBytes == c.transferLengthBytes && description.equals(c.description);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(bytes) * 31 + description.hashCode();
    }

    @Override
    public String toString() {
        return description + " [" + HexFormat.of().formatHex(bytes) + "]";
    }
}
