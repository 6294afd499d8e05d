package org.lunbridge.iscsi.client;

import java.io.IOException;
import org.lunbridge.iscsi.login.AuthenticationException;
import org.lunbridge.iscsi.login.LoginConfig;
import org.lunbridge.iscsi.login.LoginFailedException;
import org.lunbridge.iscsi.login.LoginRedirectException;
import org.lunbridge.iscsi.login.LoginStatus;
import org.lunbridge.iscsi.session.IscsiSession;
import org.lunbridge.iscsi.session.PduTransport;
import org.lunbridge.iscsi.session.TransportAdapter;
import org.lunbridge.iscsi.transport.TransportConnector;
import org.lunbridge.iscsi.transport.tcp.TcpConnector;

/**
 * Connect + login, following login redirections (RFC 7143 §6.2, status class 1; bounded by
 * {@link ClientConfig#maxRedirects()}), with messages a user can act on.
 */
final class Connector {

    private static final System.Logger LOG = System.getLogger("org.lunbridge.iscsi.client");

    private final TransportConnector connector;

    Connector() {
        this(new TcpConnector());
    }

    Connector(TransportConnector connector) {
        this.connector = connector;
    }

    /** What a login step runs on a connected transport. */
    interface LoginAction<T> {
        T run(PduTransport transport, LoginConfig login) throws IOException;
    }

    /** Connects to the URL's portal, runs {@code action}, follows redirects. The transport is closed on failure. */
    <T> T connect(IscsiUrl url, LoginConfig login, ClientConfig config, LoginAction<T> action) throws IOException {
        String host = url.host();
        int port = url.port();
        for (int hop = 0; ; hop++) {
            PduTransport transport = TransportAdapter.connect(connector, host, port, config.transport());
            try {
                return action.run(transport, login);
            } catch (LoginRedirectException e) {
                transport.close();
                if (hop >= config.maxRedirects()) {
                    throw new IOException("login to " + host + ":" + port + " redirected more than "
                            + config.maxRedirects() + " times", e);
                }
                LOG.log(System.Logger.Level.INFO, "login redirected ({0}) from {1}:{2} to {3}:{4}",
                        e.permanent() ? "permanently" : "temporarily", host, port, e.host(), e.port());
                host = e.host();
                port = e.port();
            } catch (LoginFailedException e) {
                transport.close();
                throw explain(e, login, host, port);
            } catch (AuthenticationException e) {
                transport.close();
                throw new IOException("CHAP authentication failed for user " + chapUser(login) + " at " + host
                        + ":" + port + ": " + e.getMessage(), e);
            } catch (IOException | RuntimeException e) {
                transport.close();
                throw e;
            }
        }
    }

    /** Opens a normal session. */
    IscsiSession openSession(IscsiUrl url, LoginConfig login, ClientConfig config) throws IOException {
        return connect(url, login, config, (t, l) -> IscsiSession.login(t, l, config.session()));
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
