package org.lunbridge.nbd.backend;

import java.util.Locale;

/**
 * A backend specification split at its scheme: {@code file:///srv/disk.img} is scheme {@code file}, location
 * {@code ///srv/disk.img}; {@code memory:1G} is scheme {@code memory}, location {@code 1G}.
 *
 * @param scheme lower-case scheme, e.g. {@code file}, {@code memory}, later {@code iscsi}, {@code iser}
 * @param location everything after the first {@code ':'}, interpreted by the scheme's factory
 * @param text the whole specification as given, for messages
 */
public record BackendSpec(String scheme, String location, String text) {

    public BackendSpec {
        if (scheme.isEmpty()) {
            throw new IllegalArgumentException("scheme: empty");
        }
    }

    /** Splits {@code text} at its first {@code ':'}; the scheme must be letters, digits, '+', '-' or '.' (RFC 3986 §3.1). */
    public static BackendSpec parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || !isScheme(text.substring(0, colon))) {
            throw new InvalidBackendSpecException("backend '" + text
                    + "': expected SCHEME:LOCATION, e.g. file:///path/disk.img or memory:1G");
        }
        return new BackendSpec(text.substring(0, colon).toLowerCase(Locale.ROOT), text.substring(colon + 1), text);
    }

    private static boolean isScheme(String candidate) {
        if (!Character.isLetter(candidate.charAt(0))) {
            return false;
        }
        for (int i = 1; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }
}
