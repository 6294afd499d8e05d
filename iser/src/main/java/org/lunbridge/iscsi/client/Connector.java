package org.lunbridge.iscsi.client;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.lunbridge.iscsi.login.AuthenticationException;
import org.lunbridge.iscsi.login.ChapAlgorithm;
import org.lunbridge.iscsi.login.ChapConfig;
import org.lunbridge.iscsi.login.ChapRetryPolicy;
import org.lunbridge.iscsi.login.LoginConversation;
import org.lunbridge.iscsi.login.LoginException;
import org.lunbridge.iscsi.login.LoginConfig;
import org.lunbridge.iscsi.login.LoginFailedException;
import org.lunbridge.iscsi.login.LoginRedirectException;
import org.lunbridge.iscsi.login.LoginStatus;
import org.lunbridge.iscsi.session.IscsiSession;
import org.lunbridge.iscsi.session.PduTransport;
import org.lunbridge.iscsi.session.ReusedReceiveBuffer;
import org.lunbridge.iscsi.session.TransportAdapter;
import org.lunbridge.iscsi.transport.TransportConnector;
import org.lunbridge.iscsi.transport.tcp.TcpConnector;

/**
 * Connect + login, following login redirections (RFC 7143 §6.2, status class 1; bounded by
 * {@link ClientConfig#maxRedirects()}), with messages a user can act on.
 */
final class Connector {

    private static final System.Logger LOG = System.getLogger("org.lunbridge.iscsi.client");

    /** Opens a connected transport to a portal (a seam for tests). */
    interface TransportFactory {
        PduTransport connect(String host, int port, ClientConfig config) throws IOException;
    }

    private final TransportFactory factory;

    Connector() {
        this(tcp(new TcpConnector()));
    }

    Connector(TransportFactory factory) {
        this.factory = factory;
    }

    static TransportFactory tcp(TransportConnector connector) {
        // A receive buffer per connection (it is reused PDU after PDU, so never shared).
        return (host, port, config) -> TransportAdapter.connect(connector, host, port,
                config.transport().withDataBufferAllocator(new ReusedReceiveBuffer()));
    }

    /** What a login step runs on a connected transport. */
    interface LoginAction<T> {
        T run(PduTransport transport, LoginConversation conversation) throws IOException;
    }

    /**
     * Connects to the URL's portal, runs {@code action}, follows redirects, and retries CHAP once with MD5 when
     * {@link ChapRetryPolicy} says a stronger algorithm may be what failed (tgt 1.0.85 answers CHAP_A=7 but
     * computes SHA-1). The transport is closed on failure.
     */
    <T> T connect(IscsiUrl url, LoginConfig login, ClientConfig config, LoginAction<T> action) throws IOException {
        String host = url.host();
        int port = url.port();
        int redirects = 0;
        boolean chapRetried = false;
        while (true) {
            PduTransport transport = factory.connect(host, port, config);
            LoginConversation conversation = new LoginConversation(login);
            try {
                return action.run(transport, conversation);
            } catch (LoginException e) {
                transport.close();
                if (e instanceof LoginRedirectException r) {
                    if (++redirects > config.maxRedirects()) {
                        throw new IOException("login to " + host + ":" + port + " redirected more than "
                                + config.maxRedirects() + " times", e);
                    }
                    LOG.log(System.Logger.Level.INFO, "login redirected ({0}) from {1} to {2}",
                            r.permanent() ? "permanently" : "temporarily", host + ":" + port,
                            r.host() + ":" + r.port());
                    host = r.host();
                    port = r.port();
                    continue;
                }
                Optional<ChapConfig> chap = login.chap();
                if (!chapRetried && chap.isPresent()) {
                    Optional<List<ChapAlgorithm>> retry = ChapRetryPolicy.retryAlgorithms(chap.get().algorithms(),
                            conversation.chapAlgorithm(), e);
                    if (retry.isPresent()) {
                        LOG.log(System.Logger.Level.INFO, "CHAP with {0} failed at {1} ({2}); retrying with {3}",
                                conversation.chapAlgorithm().map(String::valueOf).orElse("default algorithms"),
                                host + ":" + port, e.getMessage(), retry.get());
                        login = login.withChap(chap.get().withAlgorithms(retry.get()));
                        chapRetried = true;
                        continue;
                    }
                }
                throw switch (e) {
                    case LoginFailedException f -> explain(f, login, host, port);
                    case AuthenticationException a -> new IOException("CHAP authentication failed for user "
                            + chapUser(login) + " at " + host + ":" + port + ": " + a.getMessage(), a);
                    default -> new IOException("login to " + host + ":" + port + " failed: " + e.getMessage(), e);
                };
            } catch (IOException | RuntimeException e) {
                transport.close();
                throw e;
            }
        }
    }

    /** Opens a normal session. */
    IscsiSession openSession(IscsiUrl url, LoginConfig login, ClientConfig config) throws IOException {
        return connect(url, login, config, (t, c) -> IscsiSession.login(t, c, config.session()));
    }

    private static String chapUser(LoginConfig login) {
        return login.chap().map(c -> c.initiator().userName()).orElse("(none)");
    }

    private static IOException explain(LoginFailedException e, LoginConfig login, String host, int port) {
        LoginStatus s = e.status();
        String where = host + ":" + port;
        String message = switch (s) {
            case AUTHENTICATION_FAILURE -> login.chap().isPresent()
                    ? "CHAP authentication failed for user " + chapUser(login) + " at " + where
                    : "target " + login.targetName().orElse("") + " at " + where
                            + " requires CHAP authentication (none configured)";
            case AUTHORIZATION_FAILURE -> "initiator " + login.initiatorName() + " is not allowed to access "
                    + login.targetName().orElse("discovery") + " at " + where;
            case NOT_FOUND, TARGET_REMOVED -> "target " + login.targetName().orElse("") + " not found at " + where;
            default -> "login to " + where + " failed: " + e.getMessage();
        };
        return new LoginRejectedException(message, e);
    }
}
