package org.lunbridge.nbd.server;

import static org.lunbridge.nbd.protocol.NbdConstants.*;

import org.lunbridge.nbd.protocol.Request;
import org.lunbridge.nbd.spi.NbdError;

/**
 * Checks a request before the device sees it (nbdkit server/backend.c asserts range and flags first), so backends
 * may rely on the SPI's preconditions.
 */
final class RequestValidator {
    /** The outcome: {@code error} null means valid; {@code fatal} means reply then drop the connection. */
    record Verdict(NbdError error, String message, boolean fatal) {
        static final Verdict OK = new Verdict(null, null, false);

        static Verdict reject(NbdError error, String message) {
            return new Verdict(error, message, false);
        }

        boolean ok() {
            return error == null;
        }
    }

    private final Negotiated negotiated;

    RequestValidator(Negotiated negotiated) {
        this.negotiated = negotiated;
    }

    Verdict check(Request request) {
        long payload = request.payloadBytes(negotiated.extendedHeaders());
        int maxPayload = negotiated.limits().acceptedPayloadBytes();
        if (payload < 0 || payload > maxPayload) {
            // proto.md "Request message": hard disconnect when a payload exceeds the maximum; never read it.
            return new Verdict(NbdError.EINVAL, "payload of " + Long.toUnsignedString(payload)
                    + " bytes exceeds maximum " + maxPayload, true);
        }
        int type = request.type();
        if (type > NBD_CMD_BLOCK_STATUS || type == NBD_CMD_DISC) {
            return Verdict.reject(NbdError.EINVAL, "unknown command " + nameOfCommand(type));
        }
        int badFlags = request.flags() & ~allowedFlags(type);
        if (badFlags != 0) {
            return Verdict.reject(NbdError.EINVAL, "flags " + nameOfCommandFlags(badFlags) + " not valid for "
                    + nameOfCommand(type));
        }
        if (negotiated.extendedHeaders() && type == NBD_CMD_WRITE && !request.hasFlag(NBD_CMD_FLAG_PAYLOAD_LEN)) {
            return Verdict.reject(NbdError.EINVAL, "extended NBD_CMD_WRITE without NBD_CMD_FLAG_PAYLOAD_LEN");
        }
        Verdict enabled = checkEnabled(type);
        if (!enabled.ok()) {
            return enabled;
        }
        return type == NBD_CMD_FLUSH ? checkFlush(request) : checkRange(request);
    }

    private int allowedFlags(int type) {
        int allowed = negotiated.hasFlag(NBD_FLAG_SEND_FUA) ? NBD_CMD_FLAG_FUA : 0;
        switch (type) {
            case NBD_CMD_READ -> allowed |= negotiated.hasFlag(NBD_FLAG_SEND_DF) ? NBD_CMD_FLAG_DF : 0;
            case NBD_CMD_WRITE -> allowed |= negotiated.extendedHeaders() ? NBD_CMD_FLAG_PAYLOAD_LEN : 0;
            case NBD_CMD_WRITE_ZEROES -> allowed |= NBD_CMD_FLAG_NO_HOLE
                    | (negotiated.hasFlag(NBD_FLAG_SEND_FAST_ZERO) ? NBD_CMD_FLAG_FAST_ZERO : 0);
            case NBD_CMD_BLOCK_STATUS -> allowed |= NBD_CMD_FLAG_REQ_ONE;
            default -> { }
        }
        return allowed;
    }

    private Verdict checkEnabled(int type) {
        boolean writes = type == NBD_CMD_WRITE || type == NBD_CMD_TRIM || type == NBD_CMD_WRITE_ZEROES;
        if (writes && negotiated.hasFlag(NBD_FLAG_READ_ONLY)) {
            return Verdict.reject(NbdError.EPERM, nameOfCommand(type) + " on a read-only export");
        }
        if (type == NBD_CMD_FLUSH && !negotiated.hasFlag(NBD_FLAG_SEND_FLUSH)) {
            return Verdict.reject(NbdError.EINVAL, "NBD_CMD_FLUSH not advertised");
        }
        if (type == NBD_CMD_TRIM && !negotiated.hasFlag(NBD_FLAG_SEND_TRIM)) {
            return Verdict.reject(NbdError.EINVAL, "NBD_CMD_TRIM not advertised");
        }
        if (type == NBD_CMD_BLOCK_STATUS && negotiated.baseAllocationContextId() == 0) {
            // "Servers SHOULD reply with NBD_EINVAL to clients sending NBD_CMD_BLOCK_STATUS without selecting at
            // least one metadata context."
            return Verdict.reject(NbdError.EINVAL, "no metadata context selected for this export");
        }
        return Verdict.OK;
    }

    /** "For a flush request, length and offset are reserved, and MUST be set to all-zero." */
    private static Verdict checkFlush(Request request) {
        if (request.offset() != 0 || request.length() != 0) {
            return Verdict.reject(NbdError.EINVAL, "NBD_CMD_FLUSH with nonzero offset or length");
        }
        return Verdict.OK;
    }

    private Verdict checkRange(Request request) {
        int type = request.type();
        long offset = request.offset();
        long length = request.length();
        long size = negotiated.export().device().sizeBytes();
        long end = offset + length;
        boolean overflow = offset < 0 || length < 0 || end < 0;
        if (overflow || end > size) {
            // "SHOULD return NBD_ENOSPC if it receives a write request including one or more sectors beyond the
            // size of the device"; EINVAL for reads, trims and the rest.
            NbdError error = type == NBD_CMD_WRITE || type == NBD_CMD_WRITE_ZEROES ? NbdError.ENOSPC
                    : NbdError.EINVAL;
            return Verdict.reject(error, "range " + Long.toUnsignedString(offset) + "+"
                    + Long.toUnsignedString(length) + " beyond export size " + size);
        }
        int minimum = negotiated.limits().minimumBytes();
        if (offset % minimum != 0 || length % minimum != 0) {
            return Verdict.reject(NbdError.EINVAL, "range " + offset + "+" + length
                    + " not aligned to minimum block size " + minimum);
        }
        if (type == NBD_CMD_READ && length > negotiated.limits().acceptedPayloadBytes()) {
            return Verdict.reject(NbdError.EINVAL, "read of " + length + " bytes exceeds maximum payload "
                    + negotiated.limits().acceptedPayloadBytes());
        }
        if (type == NBD_CMD_BLOCK_STATUS && length == 0) {
            return Verdict.reject(NbdError.EINVAL, "NBD_CMD_BLOCK_STATUS of length 0");
        }
        return Verdict.OK;
    }
}
