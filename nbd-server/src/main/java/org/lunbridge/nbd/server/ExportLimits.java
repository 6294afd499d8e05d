package org.lunbridge.nbd.server;

import org.lunbridge.nbd.spi.BlockSizes;

/**
 * The size constraints enforced for one export (proto.md "Size constraints"), as advertised in NBD_INFO_BLOCK_SIZE.
 *
 * @param minimumBytes requests must be aligned to it
 * @param preferredBytes advisory
 * @param maxPayloadBytes largest READ/WRITE advertised: the server limit, lowered to the device's and to a multiple
 *     of minimum
 * @param acceptedPayloadBytes largest READ/WRITE accepted: the server limit (a multiple of minimum, at least
 *     {@code maxPayloadBytes}). Larger than the advertised maximum on purpose: the Linux kernel client never asks for
 *     NBD_INFO_BLOCK_SIZE and sends requests up to its own max_sectors, so refusing (or disconnecting on) what merely
 *     exceeds a device's preference would fail a mounted filesystem; the device splits such requests itself.
 */
record ExportLimits(int minimumBytes, int preferredBytes, int maxPayloadBytes, int acceptedPayloadBytes) {
    static ExportLimits of(BlockSizes device, int serverMaxPayloadBytes) {
        long max = serverMaxPayloadBytes;
        if (device.maximumPayloadBytes() != -1) {
            max = Math.min(max, Integer.toUnsignedLong(device.maximumPayloadBytes()));
        }
        max -= max % device.minimumBytes();
        // "maximum payload ... MUST be at least as large as the preferred block size".
        int preferred = device.preferredBytes();
        while (preferred > max && preferred > Math.max(512, device.minimumBytes())) {
            preferred >>>= 1;
        }
        long advertised = Math.max(max, preferred);
        long accepted = serverMaxPayloadBytes - serverMaxPayloadBytes % device.minimumBytes();
        return new ExportLimits(device.minimumBytes(), preferred, (int) advertised, (int) Math.max(accepted, advertised));
    }
}
