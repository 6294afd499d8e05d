package org.lunbridge.nbd.server;

/** The one logger of this package (STYLE.md: one per package). */
final class ServerLog {
    static final System.Logger LOG = System.getLogger("org.lunbridge.nbd.server");

    private ServerLog() {}
}
