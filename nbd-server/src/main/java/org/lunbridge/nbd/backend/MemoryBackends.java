package org.lunbridge.nbd.backend;

import java.util.Locale;
import org.lunbridge.nbd.spi.BlockDevice;

/** The {@code memory:SIZE} scheme: a sparse {@link MemoryBlockDevice}; SIZE is bytes or K/M/G/T (powers of 1024). */
final class MemoryBackends {
    private MemoryBackends() {}

    static BlockDevice open(BackendSpec spec, boolean readOnly) {
        long sizeBytes = parseSize("memory size", spec.location());
        if (sizeBytes == 0) {
            throw new InvalidBackendSpecException("memory size '" + spec.location() + "': must be > 0");
        }
        return new MemoryBlockDevice(sizeBytes, readOnly, spec.text());
    }

    /**
     * Parses {@code 4096}, {@code 512K}, {@code 1G}, {@code 2T}; an optional {@code iB} or {@code B} after the suffix
     * ({@code 1GiB}) is accepted. Binary multiples, as qemu-img and nbdkit read sizes.
     *
     * @throws InvalidBackendSpecException naming {@code what} and the offending text
     */
    static long parseSize(String what, String text) {
        String upper = text.trim().toUpperCase(Locale.ROOT);
        if (upper.endsWith("IB")) {
            upper = upper.substring(0, upper.length() - 2);
        } else if (upper.endsWith("B") && upper.length() > 1 && !Character.isDigit(upper.charAt(upper.length() - 2))) {
            upper = upper.substring(0, upper.length() - 1);
        }
        int shift = 0;
        if (!upper.isEmpty()) {
            shift = switch (upper.charAt(upper.length() - 1)) {
                case 'K' -> 10;
                case 'M' -> 20;
                case 'G' -> 30;
                case 'T' -> 40;
                default -> 0;
            };
        }
        String digits = shift == 0 ? upper : upper.substring(0, upper.length() - 1);
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidBackendSpecException(what + " '" + text + "': expected a number with K/M/G/T suffix");
        }
        long value;
        try {
            value = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 0 || value > (Long.MAX_VALUE >> shift)) {
            throw new InvalidBackendSpecException(what + " '" + text + "': too large (max 2^63-1 bytes)");
        }
        return value << shift;
    }
}
