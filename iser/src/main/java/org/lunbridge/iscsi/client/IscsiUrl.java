package org.lunbridge.iscsi.client;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code iscsi://[user[%secret]@]host[:port][/target-iqn[/lun]]}, the libiscsi/qemu convention ({@code iser://} is
 * accepted for the RDMA transport). The secret never appears in {@link #toString()}; prefer
 * {@link #withSecretFromFile} or {@link #withSecretFromEnvironment} to keep it off command lines.
 */
public final class IscsiUrl {

    public static final int DEFAULT_PORT = 3260;

    public enum Scheme { ISCSI, ISER }

    private final Scheme scheme;
    private final Optional<String> user;
    private final byte[] secret;
    private final String host;
    private final int port;
    private final Optional<String> targetName;
    private final OptionalInt lun;

    private IscsiUrl(Scheme scheme, Optional<String> user, byte[] secret, String host, int port,
                     Optional<String> targetName, OptionalInt lun) {
        this.scheme = scheme;
        this.user = user;
        this.secret = secret;
        this.host = host;
        this.port = port;
        this.targetName = targetName;
        this.lun = lun;
    }

    /** Parses {@code url}; messages name the part that is wrong and never echo a secret. */
    public static IscsiUrl parse(String url) {
        Objects.requireNonNull(url, "url");
        Scheme scheme;
        String rest;
        if (url.startsWith("iscsi://")) {
            scheme = Scheme.ISCSI;
            rest = url.substring(8);
        } else if (url.startsWith("iser://")) {
            scheme = Scheme.ISER;
            rest = url.substring(7);
        } else {
            throw new IllegalArgumentException("URL must start with iscsi:// or iser:// (got: "
                    + redact(url) + ")");
        }
        Optional<String> user = Optional.empty();
        byte[] secret = null;
        // IQNs never contain '@' (RFC 3722), so the last one ends the credentials even if a secret has '/'.
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String credentials = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int pct = credentials.indexOf('%');
            String u = pct < 0 ? credentials : credentials.substring(0, pct);
            if (u.isEmpty()) {
                throw new IllegalArgumentException("empty CHAP user name in URL");
            }
            user = Optional.of(decode(u));
            if (pct >= 0) {
                secret = decode(credentials.substring(pct + 1)).getBytes(StandardCharsets.UTF_8);
            }
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        String host;
        int port = DEFAULT_PORT;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unterminated IPv6 address in " + redact(url));
            }
            host = authority.substring(1, close);
            if (close + 1 < authority.length()) {
                if (authority.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("garbage after IPv6 address in " + redact(url));
                }
                portText = authority.substring(close + 2);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("missing host in " + redact(url));
        }
        if (portText != null) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port: " + portText + " (expected: 1..65535)");
            }
        }
        Optional<String> target = Optional.empty();
        OptionalInt lun = OptionalInt.empty();
        if (!path.isEmpty()) {
            int lunSlash = path.lastIndexOf('/');
            String name = lunSlash < 0 ? path : path.substring(0, lunSlash);
            if (lunSlash >= 0 && lunSlash + 1 < path.length()) {
                String lunText = path.substring(lunSlash + 1);
                try {
                    int n = Integer.parseInt(lunText);
                    if (n < 0 || n > 0x3fff) {
                        throw new NumberFormatException();
                    }
                    lun = OptionalInt.of(n);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("LUN: " + lunText + " (expected: 0..16383)");
                }
            }
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty target name in " + redact(url));
            }
            target = Optional.of(decode(name));
        }
        return new IscsiUrl(scheme, user, secret, host, port, target, lun);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The URL with any {@code user%secret@} secret replaced, for error messages. */
    static String redact(String url) {
        return url.replaceAll("(//[^/@%]*)%[^/@]*@", "$1%***@");
    }

    /** The CHAP secret read from the first line of {@code file} (trailing newline removed). */
    public IscsiUrl withSecretFromFile(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl);
        return withSecret(line.strip().getBytes(StandardCharsets.UTF_8));
    }

    /** The CHAP secret from environment variable {@code name} (e.g. {@code LIBISCSI_CHAP_PASSWORD}). */
    public IscsiUrl withSecretFromEnvironment(String name) {
        String value = System.getenv(name);
        if (value == null) {
            throw new IllegalArgumentException("environment variable " + name + " is not set");
        }
        return withSecret(value.getBytes(StandardCharsets.UTF_8));
    }

    public IscsiUrl withSecret(byte[] newSecret) {
        return new IscsiUrl(scheme, user, newSecret.clone(), host, port, targetName, lun);
    }

    public IscsiUrl withUser(String newUser) {
        return new IscsiUrl(scheme, Optional.of(newUser), secret, host, port, targetName, lun);
    }

    /** The same target, LUN and credentials at another portal of the target (e.g. from SendTargets). */
    public IscsiUrl withPortal(String newHost, int newPort) {
        return new IscsiUrl(scheme, user, secret, newHost, newPort, targetName, lun);
    }

    public IscsiUrl withTarget(String target, int newLun) {
        return new IscsiUrl(scheme, user, secret, host, port, Optional.of(target), OptionalInt.of(newLun));
    }

    public Scheme scheme() {
        return scheme;
    }

    public Optional<String> user() {
        return user;
    }

    /** A copy of the secret, if any. */
    public Optional<byte[]> secret() {
        return secret == null ? Optional.empty() : Optional.of(secret.clone());
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public Optional<String> targetName() {
        return targetName;
    }

    public OptionalInt lun() {
        return lun;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IscsiUrl u && scheme == u.scheme && user.equals(u.user) && Arrays.equals(secret, u.secret)
                && host.equals(u.host) && port == u.port && targetName.equals(u.targetName) && lun.equals(u.lun);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, user, host, port, targetName, lun);
    }

    /** The URL without the secret. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(scheme == Scheme.ISCSI ? "iscsi://" : "iser://");
        user.ifPresent(u -> b.append(u).append(secret != null ? "%***" : "").append('@'));
        b.append(host.contains(":") ? "[" + host + "]" : host).append(':').append(port);
        targetName.ifPresent(t -> b.append('/').append(t));
        lun.ifPresent(l -> b.append('/').append(l));
        return b.toString();
    }
}
