package org.lunbridge.bridge.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lunbridge.iscsi.scsi.CheckConditionException;
import org.lunbridge.iscsi.scsi.ScsiStatusException;
import org.lunbridge.iscsi.scsi.SenseData;
import org.lunbridge.iscsi.session.ConnectionLostException;
import org.lunbridge.nbd.spi.BlockDeviceException;
import org.lunbridge.nbd.spi.NbdError;

class ScsiErrorsTest {

    @ParameterizedTest(name = "key {0} {1}/{2} -> {3}")
    @CsvSource({
            // sense key, ASC, ASCQ, NBD error
            "0x5, 0x20, 0x00, ENOTSUP", // ILLEGAL REQUEST: INVALID COMMAND OPERATION CODE
            "0x5, 0x21, 0x00, ENOSPC",  // ILLEGAL REQUEST: LBA OUT OF RANGE
            "0x5, 0x24, 0x00, EINVAL",  // ILLEGAL REQUEST: INVALID FIELD IN CDB
            "0x5, 0x26, 0x00, EINVAL",  // ILLEGAL REQUEST: INVALID FIELD IN PARAMETER LIST
            "0x7, 0x27, 0x00, EPERM",   // DATA PROTECT: WRITE PROTECTED
            "0x7, 0x27, 0x02, EPERM",   // DATA PROTECT: SOFTWARE WRITE PROTECTED
            "0x7, 0x27, 0x07, ENOSPC",  // DATA PROTECT: SPACE ALLOCATION FAILED WRITE PROTECT
            "0xD, 0x00, 0x00, ENOSPC",  // VOLUME OVERFLOW
            "0x3, 0x11, 0x00, EIO",     // MEDIUM ERROR: UNRECOVERED READ ERROR
            "0x3, 0x0C, 0x00, EIO",     // MEDIUM ERROR: WRITE ERROR
            "0x4, 0x44, 0x00, EIO",     // HARDWARE ERROR: INTERNAL TARGET FAILURE
            "0x2, 0x04, 0x01, EIO",     // NOT READY: BECOMING READY (after retries)
            "0x2, 0x3A, 0x00, EIO",     // NOT READY: MEDIUM NOT PRESENT
            "0x6, 0x29, 0x00, EIO",     // UNIT ATTENTION (after retries)
            "0xB, 0x47, 0x00, EIO",     // ABORTED COMMAND
            "0xE, 0x1D, 0x00, EIO",     // MISCOMPARE
    })
    void givenSense_whenMapped_thenNbdError(String key, String asc, String ascq, NbdError expected) {
        SenseData sense = SenseData.of(Integer.decode(key), Integer.decode(asc), Integer.decode(ascq));
        assertEquals(expected, ScsiErrors.errorOf(sense));
        assertEquals(expected, ScsiErrors.errorOf(new CheckConditionException("WRITE(16)", sense)));
        BlockDeviceException e = ScsiErrors.toBlockDeviceException("write 512 bytes at 0",
                new CheckConditionException("WRITE(16)", sense));
        assertEquals(expected, e.error());
    }

    @ParameterizedTest(name = "status {0} -> {1}")
    @CsvSource({"0x18, EIO", "0x08, EIO", "0x28, EIO", "0x40, EIO", "0x02, EIO"})
    void givenStatus_whenMapped_thenNbdError(String status, NbdError expected) {
        assertEquals(expected, ScsiErrors.errorOf(new ScsiStatusException(Integer.decode(status), "READ(16)")));
    }

    @Test
    void givenDeferredError_whenMapped_thenEio() {
        SenseData deferred = new SenseData(0x71, 0x5, 0x21, 0, java.util.OptionalLong.empty(),
                java.util.OptionalLong.empty(), java.util.Optional.empty(), false, java.util.List.of());
        assertEquals(NbdError.EIO, ScsiErrors.errorOf(deferred));
    }

    @Test
    void givenLostSessionOrPlainIoError_whenMapped_thenEio() {
        assertEquals(NbdError.EIO, ScsiErrors.errorOf(new IOException("connection reset")));
        assertEquals(NbdError.EIO, ScsiErrors.errorOf(new ConnectionLostException(
                ConnectionLostException.Reason.values()[0], "lost", null)));
        assertEquals(NbdError.EIO, ScsiErrors.errorOf(new RuntimeException("bug")));
    }

    @Test
    void givenBlockDeviceException_whenMapped_thenKept() {
        BlockDeviceException b = new BlockDeviceException(NbdError.ENOTSUP, "x");
        assertEquals(b, ScsiErrors.toBlockDeviceException("op", b));
    }
}
