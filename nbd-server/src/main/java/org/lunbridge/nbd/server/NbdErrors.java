package org.lunbridge.nbd.server;

import java.io.IOException;
import org.lunbridge.nbd.spi.BlockDeviceException;
import org.lunbridge.nbd.spi.NbdError;

/** The one mapping from a failure to the NBD error a client sees (nbdkit server/protocol.c does it in one place). */
final class NbdErrors {
    private NbdErrors() {}

    static NbdError of(Throwable failure) {
        if (failure instanceof BlockDeviceException e) {
            return e.error();
        }
        if (failure instanceof OutOfMemoryError) {
            return NbdError.ENOMEM;
        }
        if (failure instanceof IOException) {
            return NbdError.EIO;
        }
        // A backend bug (unchecked exception): the data state is unknown, report an I/O error.
        return NbdError.EIO;
    }
}
