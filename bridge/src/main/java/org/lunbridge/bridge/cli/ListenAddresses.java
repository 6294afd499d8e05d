package org.lunbridge.bridge.cli;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;

/** Parses {@code --listen} values and names a bound address as an NBD URI (libnbd's nbd_connect_uri syntax). */
final class ListenAddresses {
    /** IANA port for NBD. */
    static final int NBD_PORT = 10809;

    private ListenAddresses() {}

    /**
     * {@code HOST:PORT}, {@code [IPV6]:PORT}, {@code HOST} (port 10809) or {@code PORT} (on 127.0.0.1). Port 0 binds a
     * free port.
     *
     * @throws IllegalArgumentException with a message fit for the user
     */
    static InetSocketAddress parse(String text) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("listen address '" + text + "': missing ']' after IPv6 address");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new IllegalArgumentException("listen address '" + text + "': expected [IPV6]:PORT");
            }
            port = rest.isEmpty() ? null : rest.substring(1);
        } else if (text.chars().allMatch(Character::isDigit) && !text.isEmpty()) {
            host = "127.0.0.1";
            port = text;
        } else {
            int colon = text.lastIndexOf(':');
            if (colon >= 0 && text.indexOf(':') != colon) {
                throw new IllegalArgumentException("listen address '" + text
                        + "': write IPv6 addresses in brackets, e.g. [::1]:10809");
            }
            host = colon < 0 ? text : text.substring(0, colon);
            port = colon < 0 ? null : text.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("listen address '" + text + "': missing host (e.g. 127.0.0.1:10809)");
        }
        int portNumber = port == null ? NBD_PORT : parsePort(text, port);
        try {
            return new InetSocketAddress(InetAddress.getByName(host), portNumber);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("listen address '" + text + "': unknown host '" + host + "'");
        }
    }

    private static int parsePort(String text, String port) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)
                || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("listen address '" + text + "': port '" + port
                    + "' (expected: 0..65535)");
        }
        return Integer.parseInt(port);
    }

    /** The URI a client connects to: {@code nbd://127.0.0.1:10809}, {@code nbd://[::1]:10809}, {@code nbd+unix:...}. */
    static String uriOf(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress unix) {
            return "nbd+unix:///?socket=" + unix.getPath();
        }
        InetSocketAddress inet = (InetSocketAddress) address;
        String host = inet.getAddress() instanceof Inet6Address v6
                ? "[" + compress(v6.getAddress()) + "]"
                : inet.getAddress().getHostAddress();
        return "nbd://" + host + ":" + inet.getPort();
    }

    /** RFC 5952 §4 text form: lower-case hex, the longest run (>= 2) of zero groups as "::", e.g. {@code ::1}. */
    static String compress(byte[] address) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /** For messages: {@code 127.0.0.1:10809}, {@code [::1]:10809} or the socket path. */
    static String describe(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress unix) {
            return unix.getPath().toString();
        }
        return uriOf(address).substring("nbd://".length());
    }
}
