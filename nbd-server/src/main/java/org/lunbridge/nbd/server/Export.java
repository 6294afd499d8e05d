package org.lunbridge.nbd.server;

import java.util.Objects;
import org.lunbridge.nbd.spi.BlockDevice;

/**
 * One named export of an {@link NbdServer}.
 *
 * @param name the export name clients ask for (NBD_OPT_GO / NBD_OPT_EXPORT_NAME); at most 4096 bytes of UTF-8
 * @param description shown by NBD_OPT_LIST and NBD_INFO_DESCRIPTION; "" or null falls back to
 *     {@link BlockDevice#description()}
 * @param device the backing device; the server never closes it (its owner does), but flushes it on close
 * @param readOnly forces NBD_FLAG_READ_ONLY even when the device is writable
 */
public record Export(String name, String description, BlockDevice device, boolean readOnly) {
    public Export {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(device, "device");
        if (name.indexOf('\0') >= 0 || name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 4096) {
            throw new IllegalArgumentException("name: " + name + " (expected: <= 4096 bytes of UTF-8, no NUL)");
        }
        description = description == null ? "" : description;
    }

    /** The description advertised to clients. */
    public String effectiveDescription() {
        return description.isEmpty() ? Objects.requireNonNullElse(device.description(), "") : description;
    }

    /** True if writes must be refused: the export or the device says so. */
    public boolean effectiveReadOnly() {
        return readOnly || device.isReadOnly();
    }
}
