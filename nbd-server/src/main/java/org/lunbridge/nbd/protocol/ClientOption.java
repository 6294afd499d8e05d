package org.lunbridge.nbd.protocol;

import static org.lunbridge.nbd.protocol.NbdConstants.*;

import java.util.List;

/** An option the client sends during fixed newstyle haggling (proto.md "Option types"). */
public sealed interface ClientOption {
    /** The NBD_OPT_* value on the wire. */
    int code();

    /** NBD_OPT_EXPORT_NAME: data is the export name; ends haggling. */
    record ExportName(String name) implements ClientOption {
        public int code() {
            return NBD_OPT_EXPORT_NAME;
        }
    }

    /** NBD_OPT_ABORT: any data is ignored ("a server SHOULD ignore any data"). */
    record Abort() implements ClientOption {
        public int code() {
            return NBD_OPT_ABORT;
        }
    }

    /** NBD_OPT_LIST: no data. */
    record ListExports() implements ClientOption {
        public int code() {
            return NBD_OPT_LIST;
        }
    }

    /** NBD_OPT_STARTTLS: no data. */
    record StartTls() implements ClientOption {
        public int code() {
            return NBD_OPT_STARTTLS;
        }
    }

    /** NBD_OPT_INFO ({@code go} false) or NBD_OPT_GO ({@code go} true). */
    record Info(boolean go, String name, List<Integer> infoRequests) implements ClientOption {
        public Info {
            infoRequests = List.copyOf(infoRequests);
        }

        public int code() {
            return go ? NBD_OPT_GO : NBD_OPT_INFO;
        }
    }

    /** NBD_OPT_STRUCTURED_REPLY: no data. */
    record StructuredReply() implements ClientOption {
        public int code() {
            return NBD_OPT_STRUCTURED_REPLY;
        }
    }

    /** NBD_OPT_LIST_META_CONTEXT ({@code set} false) or NBD_OPT_SET_META_CONTEXT ({@code set} true). */
    record MetaContext(boolean set, String exportName, List<String> queries) implements ClientOption {
        public MetaContext {
            queries = List.copyOf(queries);
        }

        public int code() {
            return set ? NBD_OPT_SET_META_CONTEXT : NBD_OPT_LIST_META_CONTEXT;
        }
    }

    /** NBD_OPT_EXTENDED_HEADERS: no data. */
    record ExtendedHeaders() implements ClientOption {
        public int code() {
            return NBD_OPT_EXTENDED_HEADERS;
        }
    }

    /** Any option this server does not know; answered with NBD_REP_ERR_UNSUP. */
    record Unknown(int code) implements ClientOption {}
}
