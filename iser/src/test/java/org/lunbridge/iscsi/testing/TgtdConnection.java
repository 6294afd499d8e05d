package org.lunbridge.iscsi.testing;

/** One iSCSI connection as {@code tgtadm --op show --mode conn --tid N} lists it. */
public record TgtdConnection(int tid, long sid, int cid, String initiator, String address) {}
