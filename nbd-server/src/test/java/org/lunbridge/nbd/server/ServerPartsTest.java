package org.lunbridge.nbd.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.lunbridge.nbd.protocol.NbdConstants.*;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lunbridge.nbd.spi.BlockDeviceException;
import org.lunbridge.nbd.spi.BlockSizes;
import org.lunbridge.nbd.spi.NbdError;

/** The small pure pieces of the server: error mapping, limits, flags, configuration checks. */
class ServerPartsTest {
    @Test
    void givenFailures_whenMapped_thenDeviceErrorKeptIoErrorsEioBugsEio() {
        assertEquals(NbdError.ENOSPC, NbdErrors.of(new BlockDeviceException(NbdError.ENOSPC, "full")));
        assertEquals(NbdError.EIO, NbdErrors.of(new IOException("disk gone")));
        assertEquals(NbdError.EIO, NbdErrors.of(new IllegalStateException("bug")));
        assertEquals(NbdError.ENOMEM, NbdErrors.of(new OutOfMemoryError()));
    }

    @Test
    void givenDeviceLimits_whenCombinedWithServerMaximum_thenSmallerAlignedMaximumAdvertisedServerMaximumAccepted() {
        assertEquals(new ExportLimits(1, 4096, 32 << 20, 32 << 20), ExportLimits.of(BlockSizes.DEFAULT, 32 << 20));
        assertEquals(new ExportLimits(512, 4096, 1 << 20, 32 << 20), ExportLimits.of(new BlockSizes(512, 4096, 1 << 20),
                32 << 20));
        assertEquals(new ExportLimits(4096, 4096, 32 << 20, 32 << 20), ExportLimits.of(new BlockSizes(4096, 4096, -1),
                32 << 20));
        // Server maximum not a multiple of the device minimum: rounded down.
        assertEquals(new ExportLimits(4096, 4096, 17 * 4096, 17 * 4096), ExportLimits.of(new BlockSizes(4096, 4096, -1), 70000));
        // Preferred above the maximum: lowered so that maximum >= preferred holds.
        assertEquals(new ExportLimits(512, 8192, 8192, 8192), ExportLimits.of(new BlockSizes(512, 65536, -1), 8192));
    }

    @Test
    void givenCapabilities_whenFlagsComputed_thenAdvertisedWithFallbacks() {
        TestDevice.Caps caps = new TestDevice.Caps();
        Export plain = new Export("p", "", new TestDevice(4096, caps), false);
        assertEquals(NBD_FLAG_HAS_FLAGS | NBD_FLAG_SEND_WRITE_ZEROES | NBD_FLAG_SEND_FAST_ZERO,
                TransmissionFlags.of(plain, false));
        caps.flush = true;
        caps.rotational = true;
        assertEquals(NBD_FLAG_HAS_FLAGS | NBD_FLAG_SEND_WRITE_ZEROES | NBD_FLAG_SEND_FAST_ZERO
                | NBD_FLAG_SEND_FLUSH | NBD_FLAG_SEND_FUA | NBD_FLAG_ROTATIONAL | NBD_FLAG_SEND_DF,
                TransmissionFlags.of(plain, true));
        Export forcedReadOnly = new Export("r", "", new TestDevice(4096, TestDevice.Caps.all()), true);
        assertEquals(NBD_FLAG_HAS_FLAGS | NBD_FLAG_READ_ONLY | NBD_FLAG_SEND_FLUSH | NBD_FLAG_CAN_MULTI_CONN
                | NBD_FLAG_SEND_CACHE, TransmissionFlags.of(forcedReadOnly, false));
    }

    @Test
    void givenConfig_whenExportsLookedUp_thenExactNameThenDefaultForEmpty() {
        Export a = new Export("a", null, new TestDevice(4096, new TestDevice.Caps()), false);
        Export b = new Export("b", "", new TestDevice(4096, new TestDevice.Caps()), false);
        var listen = new InetSocketAddress(0);
        NbdServerConfig config = new NbdServerConfig(listen, List.of(a, b), "b", 1 << 20, 8);
        assertSame(a, config.findExport("a"));
        assertSame(b, config.findExport(""));
        assertNull(config.findExport("c"));
        NbdServerConfig noDefault = new NbdServerConfig(listen, List.of(a, b), null, 1 << 20, 8);
        assertNull(noDefault.findExport(""));
        assertEquals("a", NbdServerConfig.of(listen, List.of(a, b)).defaultExportName());
        assertEquals("", a.description());
    }

    @Test
    void givenBadConfig_whenBuilt_thenRejectedWithReason() {
        Export a = new Export("a", "", new TestDevice(4096, new TestDevice.Caps()), false);
        var listen = new InetSocketAddress(0);
        assertThrows(IllegalArgumentException.class,
                () -> new NbdServerConfig(listen, List.of(a, a), null, 1 << 20, 8));
        assertThrows(IllegalArgumentException.class,
                () -> new NbdServerConfig(listen, List.of(a), "nope", 1 << 20, 8));
        assertThrows(IllegalArgumentException.class, () -> new NbdServerConfig(listen, List.of(a), null, 100, 8));
        assertThrows(IllegalArgumentException.class, () -> new NbdServerConfig(listen, List.of(a), null, 1 << 20,
                0));
        assertThrows(IllegalArgumentException.class,
                () -> new Export("x\0y", "", new TestDevice(4096, new TestDevice.Caps()), false));
    }
}
