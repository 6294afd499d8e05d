package org.lunbridge.iscsi.login;

/** How a key's result is computed from offer and answer (RFC 7143 §6.2.2, §6.2.1, §6.2). */
public enum KeyKind {
    /** Yes/No; result = offer AND answer. An offer of No needs no answer (§6.2.2). */
    BOOLEAN_AND,
    /** Yes/No; result = offer OR answer. An offer of Yes needs no answer (§6.2.2). */
    BOOLEAN_OR,
    /** Number; result = min(offer, answer): the answer must not exceed the offer (§6.2.2). */
    NUMERICAL_MIN,
    /** Number; result = max(offer, answer): the answer must not be below the offer (§6.2.2). */
    NUMERICAL_MAX,
    /** Ordered list; the answer is the first value of the offer the responder supports (§6.2.1). */
    LIST,
    /** Each side declares its own value; nothing is answered (§6.2). */
    DECLARATIVE
}
