package org.lunbridge.nbd.server;

import static org.lunbridge.nbd.protocol.NbdConstants.*;

import java.util.ArrayList;
import java.util.List;
import org.lunbridge.nbd.protocol.InvalidOptionException;
import org.lunbridge.nbd.protocol.OptionReply;

/**
 * The metadata contexts this server offers: {@code base:allocation} only (proto.md "The base: metadata namespace").
 */
final class MetaContexts {
    /** The id handed out by NBD_OPT_SET_META_CONTEXT; any nonzero value works, ids are opaque to clients. */
    static final int BASE_ALLOCATION_ID = 1;
    private static final String BASE_NAMESPACE = "base:";

    private MetaContexts() {}

    /**
     * NBD_OPT_LIST_META_CONTEXT: zero queries list everything; {@code base:} is a wildcard for the namespace;
     * unknown namespaces and leaf names are ignored. The reserved context id in list replies is 0.
     */
    static List<OptionReply> list(List<String> queries) throws InvalidOptionException {
        checkSyntax(queries);
        boolean match = queries.isEmpty();
        for (String query : queries) {
            match |= query.equals(BASE_NAMESPACE) || query.equals(BASE_ALLOCATION);
        }
        List<OptionReply> replies = new ArrayList<>();
        if (match) {
            replies.add(new OptionReply.MetaContext(0, BASE_ALLOCATION));
        }
        return replies;
    }

    /**
     * NBD_OPT_SET_META_CONTEXT: zero queries select nothing; {@code base:} "MUST be ignored" here; only the exact
     * name {@code base:allocation} selects it.
     */
    static List<OptionReply> set(List<String> queries) throws InvalidOptionException {
        checkSyntax(queries);
        List<OptionReply> replies = new ArrayList<>();
        if (queries.contains(BASE_ALLOCATION)) {
            replies.add(new OptionReply.MetaContext(BASE_ALLOCATION_ID, BASE_ALLOCATION));
        }
        return replies;
    }

    /** "Lacking the required colon that delimits the namespace ... MAY fail the request with NBD_REP_ERR_INVALID". */
    private static void checkSyntax(List<String> queries) throws InvalidOptionException {
        for (String query : queries) {
            if (query.indexOf(':') <= 0) {
                throw new InvalidOptionException("query '" + query + "': expected 'namespace:leaf'");
            }
        }
    }
}
