package org.lunbridge.nbd.server;

import static org.lunbridge.nbd.protocol.NbdConstants.*;

import org.lunbridge.nbd.spi.BlockDevice;

/**
 * Transmission flags advertised for an export (proto.md "Transmission flags"), from the device's capabilities and
 * the server's fallbacks (nbdkit style): write-zeroes is always offered on a writable export (emulated by writing
 * zero buffers), FUA whenever the device can flush (emulated by a flush), FAST_ZERO with write-zeroes (answered
 * NBD_ENOTSUP when the device cannot zero fast).
 */
final class TransmissionFlags {
    private TransmissionFlags() {}

    static int of(Export export, boolean replyPayloadsNegotiated) {
        BlockDevice device = export.device();
        int flags = NBD_FLAG_HAS_FLAGS;
        if (export.effectiveReadOnly()) {
            flags |= NBD_FLAG_READ_ONLY;
        } else {
            if (device.canFua() || device.canFlush()) {
                flags |= NBD_FLAG_SEND_FUA;
            }
            if (device.canTrim()) {
                flags |= NBD_FLAG_SEND_TRIM;
            }
            flags |= NBD_FLAG_SEND_WRITE_ZEROES | NBD_FLAG_SEND_FAST_ZERO;
        }
        if (device.canFlush()) {
            flags |= NBD_FLAG_SEND_FLUSH;
        }
        if (device.isRotational()) {
            flags |= NBD_FLAG_ROTATIONAL;
        }
        // "MUST leave this flag clear if neither structured replies nor extended headers have been negotiated".
        if (replyPayloadsNegotiated) {
            flags |= NBD_FLAG_SEND_DF;
        }
        if (device.canMultiConn()) {
            flags |= NBD_FLAG_CAN_MULTI_CONN;
        }
        if (device.canCache()) {
            flags |= NBD_FLAG_SEND_CACHE;
        }
        return flags;
    }
}
