package org.lunbridge.nbd.spi;

import java.io.IOException;

/**
 * A block-device operation failed with a specific NBD error. Backends throw it to choose the error the client sees;
 * any other {@link IOException} reaches the client as {@link NbdError#EIO}.
 */
public class BlockDeviceException extends IOException {
    private final NbdError error;

    public BlockDeviceException(NbdError error, String message) {
        super(message);
        this.error = error;
    }

    public BlockDeviceException(NbdError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public NbdError error() {
        return error;
    }
}
