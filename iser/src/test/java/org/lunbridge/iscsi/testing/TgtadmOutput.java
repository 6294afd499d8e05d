package org.lunbridge.iscsi.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for tgtadm's human-readable output (tgt 1.0.85 format). */
final class TgtadmOutput {
    private static final Pattern SESSION = Pattern.compile("^\\s*Session:\\s*(\\d+)\\s*$");
    private static final Pattern CONNECTION = Pattern.compile("^\\s*Connection:\\s*(\\d+)\\s*$");
    private static final Pattern INITIATOR = Pattern.compile("^\\s*Initiator:\\s*(\\S+)\\s*$");
    private static final Pattern ADDRESS = Pattern.compile("^\\s*IP Address:\\s*(\\S+)\\s*$");

    private TgtadmOutput() {}

    /**
     * Parses {@code --op show --mode conn --tid N}:
     * <pre>
     * Session: 2
     *     Connection: 0
     *         Initiator: iqn.2008-11.org.linux-kvm
     *         IP Address: 127.0.0.1
     * </pre>
     */
    static List<TgtdConnection> connections(int tid, String output) {
        List<TgtdConnection> result = new ArrayList<>();
        long sid = -1;
        int cid = -1;
        String initiator = null;
        for (String line : output.split("\n")) {
            Matcher m;
            if ((m = SESSION.matcher(line)).matches()) {
                sid = Long.parseLong(m.group(1));
            } else if ((m = CONNECTION.matcher(line)).matches()) {
                cid = Integer.parseInt(m.group(1));
                initiator = null;
            } else if ((m = INITIATOR.matcher(line)).matches()) {
                initiator = m.group(1);
            } else if ((m = ADDRESS.matcher(line)).matches()) {
                if (sid < 0 || cid < 0) {
                    throw new IllegalStateException("unexpected tgtadm conn output:\n" + output);
                }
                result.add(new TgtdConnection(tid, sid, cid, initiator, m.group(1)));
            }
        }
        return result;
    }
}
