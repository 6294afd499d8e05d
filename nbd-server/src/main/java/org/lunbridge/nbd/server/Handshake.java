package org.lunbridge.nbd.server;

import static org.lunbridge.nbd.protocol.NbdConstants.*;
import static org.lunbridge.nbd.server.ServerLog.LOG;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.List;
import org.lunbridge.nbd.protocol.ClientOption;
import org.lunbridge.nbd.protocol.HandshakeCodec;
import org.lunbridge.nbd.protocol.InvalidOptionException;
import org.lunbridge.nbd.protocol.OptionCodec;
import org.lunbridge.nbd.protocol.OptionReply;
import org.lunbridge.nbd.protocol.OptionReplyCodec;
import org.lunbridge.nbd.protocol.ProtocolViolationException;

/**
 * The server side of fixed newstyle negotiation (proto.md "Fixed newstyle negotiation", "Option types"): one option
 * at a time, each answered; errors in an option leave the connection usable.
 */
final class Handshake {
    static final int HANDSHAKE_FLAGS = NBD_FLAG_FIXED_NEWSTYLE | NBD_FLAG_NO_ZEROES;
    /** Option data we read into memory; larger data is discarded and answered NBD_REP_ERR_TOO_BIG. */
    static final int MAX_OPTION_BYTES = 64 * 1024;
    /** Option data we are willing to even discard; beyond it the client is treated as hostile and dropped. */
    static final long MAX_DISCARDED_OPTION_BYTES = 16L * 1024 * 1024;

    private final NbdServerConfig config;
    /** Null: STARTTLS is refused. */
    private final TlsUpgrade tlsUpgrade;
    private NbdStream stream;
    private boolean tlsActive;
    private HandshakeState state = HandshakeState.AWAITING_CLIENT_FLAGS;
    private boolean noZeroes;
    private boolean structuredReplies;
    private boolean extendedHeaders;
    /** The export the last successful NBD_OPT_SET_META_CONTEXT named, if it selected base:allocation. */
    private Export metaContextExport;

    Handshake(NbdServerConfig config, NbdStream stream) {
        this(config, stream, null);
    }

    Handshake(NbdServerConfig config, NbdStream stream, TlsUpgrade tlsUpgrade) {
        this.config = config;
        this.stream = stream;
        this.tlsUpgrade = tlsUpgrade;
    }

    HandshakeState state() {
        return state;
    }

    /** Runs the handshake; returns the agreement, or null if the client aborted. */
    Negotiated run() throws IOException {
        stream.write(HandshakeCodec.encodeGreeting(HANDSHAKE_FLAGS));
        ByteBuffer flagsBuffer = ByteBuffer.allocate(4);
        stream.readFully(flagsBuffer);
        int clientFlags;
        try {
            clientFlags = HandshakeCodec.decodeClientFlags(flagsBuffer.flip(), HANDSHAKE_FLAGS);
        } catch (ProtocolViolationException e) {
            state = state.transitionTo(HandshakeState.CLOSED);
            throw e;
        }
        noZeroes = (clientFlags & NBD_FLAG_C_NO_ZEROES) != 0;
        state = state.transitionTo(HandshakeState.HAGGLING);
        ByteBuffer header = ByteBuffer.allocate(OPTION_HEADER_BYTES);
        while (state == HandshakeState.HAGGLING) {
            header.clear();
            stream.readFully(header);
            OptionCodec.OptionHeader optionHeader = OptionCodec.decodeHeader(header.flip());
            Negotiated done = handleOption(optionHeader);
            if (done != null) {
                return done;
            }
        }
        return null;
    }

    private Negotiated handleOption(OptionCodec.OptionHeader header) throws IOException {
        int code = header.option();
        if (header.lengthBytes() > MAX_OPTION_BYTES) {
            if (header.lengthBytes() > MAX_DISCARDED_OPTION_BYTES || code == NBD_OPT_EXPORT_NAME) {
                // NBD_OPT_EXPORT_NAME cannot carry an error reply: "the server MUST terminate the session".
                throw new ProtocolViolationException(nameOfOption(code) + " data length: " + header.lengthBytes()
                        + " (expected: <= " + MAX_OPTION_BYTES + ")");
            }
            stream.skip(header.lengthBytes());
            reply(code, new OptionReply.Error(NBD_REP_ERR_TOO_BIG, "option data of " + header.lengthBytes()
                    + " bytes exceeds " + MAX_OPTION_BYTES));
            return null;
        }
        ByteBuffer data = ByteBuffer.allocate((int) header.lengthBytes());
        stream.readFully(data);
        ClientOption option;
        try {
            option = OptionCodec.decode(code, data.flip());
        } catch (InvalidOptionException e) {
            if (code == NBD_OPT_EXPORT_NAME) {
                throw new ProtocolViolationException("NBD_OPT_EXPORT_NAME: " + e.getMessage());
            }
            LOG.log(Level.DEBUG, "{0}: {1} invalid: {2}", stream.peer(), nameOfOption(code), e.getMessage());
            reply(code, new OptionReply.Error(NBD_REP_ERR_INVALID, e.getMessage()));
            return null;
        }
        LOG.log(Level.DEBUG, "{0}: option {1}", stream.peer(), option);
        try {
            return dispatch(option);
        } catch (InvalidOptionException e) {
            reply(code, new OptionReply.Error(NBD_REP_ERR_INVALID, e.getMessage()));
            return null;
        }
    }

    private Negotiated dispatch(ClientOption option) throws IOException, InvalidOptionException {
        int code = option.code();
        switch (option) {
            case ClientOption.ExportName o -> {
                return exportName(o);
            }
            case ClientOption.Abort o -> {
                state = state.transitionTo(HandshakeState.CLOSED);
                try {
                    reply(code, new OptionReply.Ack());
                } catch (IOException e) {
                    // "the server SHOULD gracefully handle the client ... closing the connection without waiting".
                    LOG.log(Level.DEBUG, "{0}: peer gone before NBD_OPT_ABORT reply", stream.peer());
                }
                return null;
            }
            case ClientOption.ListExports o -> {
                for (Export export : config.exports()) {
                    reply(code, new OptionReply.Server(export.name(), export.effectiveDescription()));
                }
                reply(code, new OptionReply.Ack());
            }
            case ClientOption.StartTls o -> startTls(code);
            case ClientOption.Info o -> {
                return info(o);
            }
            case ClientOption.StructuredReply o -> {
                if (extendedHeaders) {
                    reply(code, new OptionReply.Error(NBD_REP_ERR_EXT_HEADER_REQD,
                            "extended headers already negotiated"));
                } else {
                    structuredReplies = true;
                    reply(code, new OptionReply.Ack());
                }
            }
            case ClientOption.ExtendedHeaders o -> {
                extendedHeaders = true;
                reply(code, new OptionReply.Ack());
            }
            case ClientOption.MetaContext o -> metaContext(o);
            case ClientOption.Unknown o -> reply(code,
                    new OptionReply.Error(NBD_REP_ERR_UNSUP, "unsupported option " + nameOfOption(code)));
        }
        return null;
    }

    private void startTls(int code) throws IOException {
        if (tlsUpgrade == null) {
            reply(code, new OptionReply.Error(NBD_REP_ERR_POLICY, "TLS is not configured on this server"));
            return;
        }
        if (tlsActive) {
            // "the client sent a second NBD_OPT_STARTTLS after TLS was already negotiated" -> INVALID.
            reply(code, new OptionReply.Error(NBD_REP_ERR_INVALID, "TLS is already active"));
            return;
        }
        reply(code, new OptionReply.Ack());
        state = state.transitionTo(HandshakeState.TLS_HANDSHAKE);
        stream = tlsUpgrade.upgrade(stream);
        tlsActive = true;
        // "the server MUST NOT preserve any negotiation state ... issued before this command".
        structuredReplies = false;
        extendedHeaders = false;
        metaContextExport = null;
        state = state.transitionTo(HandshakeState.HAGGLING);
    }

    private Negotiated exportName(ClientOption.ExportName option) throws IOException {
        Export export = config.findExport(option.name());
        if (export == null) {
            throw new ProtocolViolationException("NBD_OPT_EXPORT_NAME: unknown export '" + option.name() + "'");
        }
        if (extendedHeaders) {
            throw new ProtocolViolationException("NBD_OPT_EXPORT_NAME after NBD_OPT_EXTENDED_HEADERS");
        }
        Negotiated negotiated = negotiated(export);
        stream.write(HandshakeCodec.encodeExportNameReply(export.device().sizeBytes(),
                negotiated.transmissionFlags(), noZeroes));
        state = state.transitionTo(HandshakeState.TRANSMISSION);
        return negotiated;
    }

    private Negotiated info(ClientOption.Info option) throws IOException {
        int code = option.code();
        Export export = config.findExport(option.name());
        if (export == null) {
            reply(code, new OptionReply.Error(NBD_REP_ERR_UNKNOWN, "unknown export '" + option.name() + "'"));
            return null;
        }
        Negotiated negotiated = negotiated(export);
        reply(code, new OptionReply.InfoExport(export.device().sizeBytes(), negotiated.transmissionFlags()));
        if (option.infoRequests().contains(NBD_INFO_NAME)) {
            reply(code, new OptionReply.InfoName(export.name()));
        }
        String description = export.effectiveDescription();
        if (option.infoRequests().contains(NBD_INFO_DESCRIPTION) && !description.isEmpty()) {
            reply(code, new OptionReply.InfoDescription(description));
        }
        // Sent even unrequested (the server "MAY send information requests back which are not explicitly
        // requested"); it is the only way a client learns a minimum block size above 1.
        ExportLimits limits = negotiated.limits();
        reply(code, new OptionReply.InfoBlockSize(limits.minimumBytes(), limits.preferredBytes(),
                limits.maxPayloadBytes()));
        reply(code, new OptionReply.Ack());
        if (!option.go()) {
            return null;
        }
        state = state.transitionTo(HandshakeState.TRANSMISSION);
        return negotiated;
    }

    private void metaContext(ClientOption.MetaContext option) throws IOException, InvalidOptionException {
        int code = option.code();
        if (option.set()) {
            metaContextExport = null; // "replaces all previously-set metadata contexts (including when this fails)"
        }
        if (!structuredReplies && !extendedHeaders) {
            reply(code, new OptionReply.Error(NBD_REP_ERR_INVALID,
                    "negotiate structured replies or extended headers first"));
            return;
        }
        Export export = config.findExport(option.exportName());
        if (export == null) {
            reply(code, new OptionReply.Error(NBD_REP_ERR_UNKNOWN,
                    "unknown export '" + option.exportName() + "'"));
            return;
        }
        List<OptionReply> contexts = option.set() ? MetaContexts.set(option.queries())
                : MetaContexts.list(option.queries());
        for (OptionReply context : contexts) {
            reply(code, context);
        }
        reply(code, new OptionReply.Ack());
        if (option.set() && !contexts.isEmpty()) {
            metaContextExport = export;
        }
    }

    private Negotiated negotiated(Export export) {
        boolean payloads = structuredReplies || extendedHeaders;
        int contextId = export == metaContextExport ? MetaContexts.BASE_ALLOCATION_ID : 0;
        return new Negotiated(export, stream, TransmissionFlags.of(export, payloads), payloads, extendedHeaders,
                contextId, ExportLimits.of(export.device().blockSizes(), config.maxPayloadBytes()));
    }

    private void reply(int option, OptionReply reply) throws IOException {
        stream.write(OptionReplyCodec.encode(option, reply));
    }
}
