package org.lunbridge.iscsi.scsi;

import java.io.IOException;

/**
 * Data returned by a device server (parameter data, VPD page, sense data) cannot be decoded: it is shorter than
 * its fixed part, names another page than the one asked for, or a length field contradicts the bytes.
 *
 * <p>Data merely cut short by the allocation length is not an error: parsers decode what is there and report the
 * full length so the caller can ask again (SPC-4 ALLOCATION LENGTH field: the device server truncates without changing fields).
 */
public final class ScsiDataException extends IOException {
    public ScsiDataException(String message) {
        super(message);
    }

    static ScsiDataException tooShort(String what, int availableBytes, int neededBytes) {
        return new ScsiDataException(what + ": " + availableBytes + " bytes (expected: >= " + neededBytes + ")");
    }
}
