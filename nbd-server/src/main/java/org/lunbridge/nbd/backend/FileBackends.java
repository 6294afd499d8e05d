package org.lunbridge.nbd.backend;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.lunbridge.nbd.spi.BlockDevice;

/**
 * The {@code file:} scheme: {@code file:///abs/path} (RFC 8089; authority empty or {@code localhost}) or
 * {@code file:/abs/path}. Percent escapes are decoded ({@code %20} is a space); relative paths are refused because
 * a daemon's working directory is an accident.
 */
final class FileBackends {
    private FileBackends() {}

    static BlockDevice open(BackendSpec spec, boolean readOnly) throws IOException {
        Path path = pathOf(spec);
        try {
            return FileBlockDevice.open(path, readOnly);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path.toString(), null, "no such file");
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(path.toString(), null,
                    "permission denied opening " + (readOnly ? "read-only" : "read-write"));
        }
    }

    static Path pathOf(BackendSpec spec) {
        String location = spec.location();
        String rawPath;
        if (location.startsWith("//")) {
            int slash = location.indexOf('/', 2);
            String authority = slash < 0 ? location.substring(2) : location.substring(2, slash);
            if (!authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
                throw new InvalidBackendSpecException("backend '" + spec.text() + "': remote host '" + authority
                        + "' in a file URI (expected: file:///absolute/path)");
            }
            rawPath = slash < 0 ? "" : location.substring(slash);
        } else {
            rawPath = location;
        }
        if (!rawPath.startsWith("/") || rawPath.length() < 2) {
            throw new InvalidBackendSpecException("backend '" + spec.text()
                    + "': expected an absolute path, e.g. file:///srv/disk.img");
        }
        String decoded;
        try {
            // '+' is a literal plus in a path, not a space: protect it from the form decoder.
            decoded = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidBackendSpecException("backend '" + spec.text() + "': bad percent escape in path");
        }
        return Path.of(decoded);
    }
}
