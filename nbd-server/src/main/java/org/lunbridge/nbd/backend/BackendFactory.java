package org.lunbridge.nbd.backend;

import java.io.IOException;
import org.lunbridge.nbd.spi.BlockDevice;

/** Opens the block device one scheme names ({@code file:}, {@code memory:}, later {@code iscsi:}, {@code iser:}). */
@FunctionalInterface
public interface BackendFactory {

    /**
     * Opens the device {@code spec} describes.
     *
     * @throws InvalidBackendSpecException if the location is malformed
     * @throws IOException if the device cannot be opened (missing file, unreachable target...)
     */
    BlockDevice open(BackendSpec spec, boolean readOnly) throws IOException;
}
