package org.lunbridge.iscsi.login;

/** Whether a key's result binds the whole session or one connection (RFC 7143 §13, "Scope: SW / CO"). */
public enum KeyScope {
    SESSION_WIDE,
    CONNECTION_ONLY
}
