package org.lunbridge.nbd.server;

import org.lunbridge.nbd.spi.BlockSizes;

/**
 * The size constraints enforced for one export (proto.md "Size constraints"), as advertised in NBD_INFO_BLOCK_SIZE.
 *
 * @param minimumBytes requests must be aligned to it
 * @param preferredBytes advisory
 * @param maxPayloadBytes largest READ/WRITE: the server limit, lowered to the device's and to a multiple of minimum
 */
record ExportLimits(int minimumBytes, int preferredBytes, int maxPayloadBytes) {
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
        return new ExportLimits(device.minimumBytes(), preferred, (int) Math.max(max, preferred));
    }
}
