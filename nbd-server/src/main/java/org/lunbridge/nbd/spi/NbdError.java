package org.lunbridge.nbd.spi;

/**
 * The error values an NBD reply may carry (NetworkBlockDevice/nbd doc/proto.md, "Error values").
 * They are errno names with fixed numbers on the wire, whatever the host's errno numbering.
 */
public enum NbdError {
    /** Operation not permitted: e.g. a write to a read-only export. */
    EPERM(1, "Operation not permitted"),
    /** Input/output error: the backend failed. */
    EIO(5, "Input/output error"),
    /** Cannot allocate memory. */
    ENOMEM(12, "Cannot allocate memory"),
    /** Invalid argument: bad offset, length, flags or command. */
    EINVAL(22, "Invalid argument"),
    /** No space left on device: also a write beyond the export's end. */
    ENOSPC(28, "No space left on device"),
    /** Value too large: a structured read reply that would have to be fragmented under NBD_CMD_FLAG_DF. */
    EOVERFLOW(75, "Value too large for defined data type"),
    /** Operation not supported: e.g. NBD_CMD_FLAG_FAST_ZERO when zeroing would not be fast. */
    ENOTSUP(95, "Operation not supported"),
    /** Server is shutting down. */
    ESHUTDOWN(108, "Cannot send after transport endpoint shutdown");

    private final int code;
    private final String description;

    NbdError(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The value on the wire. */
    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** The error for a wire value; unknown values map to EINVAL, as the spec tells clients to treat them. */
    public static NbdError fromCode(int code) {
        for (NbdError error : values()) {
            if (error.code == code) {
                return error;
            }
        }
        return EINVAL;
    }
}
