package org.lunbridge.iscsi.login;

import java.util.Objects;

/**
 * A TargetAddress value (RFC 7143 §13.8): {@code domainname[:port][,portal-group-tag]}, where an IPv6 literal
 * is bracketed ({@code [2001:db8::1]:3260,1}). The port defaults to 3260 (§13.8, IANA iscsi-target).
 *
 * @param targetPortalGroupTag 0..65535, or -1 when absent (allowed in redirects)
 */
public record TargetAddress(String host, int port, int targetPortalGroupTag) {

    public static final int DEFAULT_PORT = 3260;

    public TargetAddress {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
        if (targetPortalGroupTag < -1 || targetPortalGroupTag > 65535) {
            throw new IllegalArgumentException("targetPortalGroupTag: " + targetPortalGroupTag
                    + " (expected: 0..65535 or -1)");
        }
    }

    /** Parses a TargetAddress value. IPv6 hosts are returned without brackets. */
    public static TargetAddress parse(String value) throws TextFormatException {
        String rest = value.trim();
        int tpgt = -1;
        int comma = rest.lastIndexOf(',');
        if (comma >= 0) {
            tpgt = parseInt(rest.substring(comma + 1), 0, 65535, "portal group tag", value);
            rest = rest.substring(0, comma);
        }
        String host;
        int port = DEFAULT_PORT;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new TextFormatException("TargetAddress \"" + value + "\": unterminated IPv6 literal");
            }
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new TextFormatException("TargetAddress \"" + value + "\": junk after ']'");
                }
                port = parseInt(after.substring(1), 1, 65535, "port", value);
            }
        } else {
            int colon = rest.indexOf(':');
            if (colon >= 0 && rest.indexOf(':', colon + 1) >= 0) {
                throw new TextFormatException("TargetAddress \"" + value
                        + "\": IPv6 address must be bracketed (RFC 7143 §13.8)");
            }
            host = colon >= 0 ? rest.substring(0, colon) : rest;
            if (colon >= 0) {
                port = parseInt(rest.substring(colon + 1), 1, 65535, "port", value);
            }
        }
        if (host.isEmpty()) {
            throw new TextFormatException("TargetAddress \"" + value + "\": empty host");
        }
        return new TargetAddress(host, port, tpgt);
    }

    private static int parseInt(String s, int min, int max, String what, String value) throws TextFormatException {
        try {
            int n = Integer.parseInt(s);
            if (n < min || n > max) {
                throw new TextFormatException("TargetAddress \"" + value + "\": " + what + " " + n
                        + " (expected: " + min + ".." + max + ")");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new TextFormatException("TargetAddress \"" + value + "\": bad " + what + " \"" + s + "\"");
        }
    }

    /** The wire form, IPv6 re-bracketed. */
    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return h + ":" + port + (targetPortalGroupTag >= 0 ? "," + targetPortalGroupTag : "");
    }
}
