package org.lunbridge.iscsi.session;

import org.lunbridge.iscsi.pdu.SerialNumbers;

/**
 * The command window (RFC 7143 §4.2.2.1): we may send a non-immediate command with CmdSN only while
 * ExpCmdSN &lt;= CmdSN &lt;= MaxCmdSN, all compared as RFC 1982 serial numbers since CmdSN wraps at 2^32. Not
 * thread-safe; the session guards it with its lock.
 */
final class CmdSnWindow {

    /** The CmdSN the next non-immediate command gets. */
    private int cmdSn;
    /** Lowest CmdSN the target has not yet received in order. Invariant: serial ExpCmdSN &lt;= cmdSn. */
    private int expCmdSn;
    /** Highest CmdSN the target accepts; MaxCmdSN = ExpCmdSN - 1 means the window is closed. */
    private int maxCmdSn;

    CmdSnWindow(int initialCmdSn, int expCmdSn, int maxCmdSn) {
        this.cmdSn = initialCmdSn;
        this.expCmdSn = expCmdSn;
        this.maxCmdSn = maxCmdSn;
    }

    /** Whether a non-immediate command may be sent now. */
    boolean isOpen() {
        return SerialNumbers.lessThanOrEqual(cmdSn, maxCmdSn);
    }

    /** Takes the CmdSN for a non-immediate command; the caller checked {@link #isOpen()}. */
    int take() {
        if (!isOpen()) {
            throw new IllegalStateException("CmdSN " + Integer.toUnsignedString(cmdSn) + " beyond MaxCmdSN "
                    + Integer.toUnsignedString(maxCmdSn));
        }
        int sn = cmdSn;
        cmdSn = SerialNumbers.add(cmdSn, 1);
        return sn;
    }

    /** The CmdSN an immediate PDU carries: the next one, not advanced (§3.2.2.1). */
    int peek() {
        return cmdSn;
    }

    /**
     * Applies ExpCmdSN/MaxCmdSN from a target PDU. §4.2.2.1: if MaxCmdSN &lt; ExpCmdSN - 1 (serial), both are
     * ignored; neither moves backwards.
     *
     * @return whether the window opened or moved
     */
    boolean update(int newExpCmdSn, int newMaxCmdSn) {
        if (SerialNumbers.lessThan(newMaxCmdSn, newExpCmdSn - 1)) {
            return false;
        }
        boolean changed = false;
        if (SerialNumbers.greaterThan(newExpCmdSn, expCmdSn)) {
            expCmdSn = newExpCmdSn;
            changed = true;
        }
        if (SerialNumbers.greaterThan(newMaxCmdSn, maxCmdSn)) {
            maxCmdSn = newMaxCmdSn;
            changed = true;
        }
        return changed;
    }

    int expCmdSn() {
        return expCmdSn;
    }

    int maxCmdSn() {
        return maxCmdSn;
    }

    @Override
    public String toString() {
        return "CmdSnWindow[CmdSN=" + Integer.toUnsignedString(cmdSn) + " ExpCmdSN="
                + Integer.toUnsignedString(expCmdSn) + " MaxCmdSN=" + Integer.toUnsignedString(maxCmdSn) + "]";
    }
}
