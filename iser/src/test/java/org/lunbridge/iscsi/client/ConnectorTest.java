package org.lunbridge.iscsi.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.lunbridge.iscsi.login.LoginConfig;
import org.lunbridge.iscsi.login.LoginStatus;
import org.lunbridge.iscsi.pdu.InitiatorPdu;
import org.lunbridge.iscsi.pdu.LoginRequest;
import org.lunbridge.iscsi.pdu.LoginResponse;
import org.lunbridge.iscsi.pdu.TargetPdu;
import org.lunbridge.iscsi.session.PduTransport;

/** Login redirection (RFC 7143 §6.2, §11.13.5 class 1) over scripted portals. */
class ConnectorTest {

    /** A portal that answers each Login Request synchronously. */
    static final class ScriptedPortal implements PduTransport {
        final String where;
        final Function<LoginRequest, LoginResponse> answer;
        final ArrayDeque<TargetPdu> inbound = new ArrayDeque<>();
        boolean closed;

        ScriptedPortal(String where, Function<LoginRequest, LoginResponse> answer) {
            this.where = where;
            this.answer = answer;
        }

        @Override
        public void send(InitiatorPdu pdu) {
            inbound.add(answer.apply((LoginRequest) pdu));
        }

        @Override
        public TargetPdu receive() throws IOException {
            TargetPdu pdu = inbound.poll();
            if (pdu == null) {
                throw new EOFException("scripted portal has nothing more");
            }
            return pdu;
        }

        @Override
        public void enterFullFeaturePhase(boolean h, boolean d, int maxRecv, int maxSend) {
        }

        @Override
        public String peer() {
            return where;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static LoginResponse status(LoginRequest r, int statusClass, int detail, String text) {
        return new LoginResponse(false, false, 0, 0, 0, 0, r.isid(), 0, r.itt(), 1, r.cmdSn(), r.cmdSn(),
                statusClass, detail, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    final List<ScriptedPortal> connections = new ArrayList<>();

    Connector connector(Function<String, Function<LoginRequest, LoginResponse>> portals) {
        return new Connector((host, port, config) -> {
            ScriptedPortal p = new ScriptedPortal(host + ":" + port, portals.apply(host + ":" + port));
            connections.add(p);
            return p;
        });
    }

    static final IscsiUrl URL = IscsiUrl.parse("iscsi://10.0.0.1/iqn.2026-01.org.example:disk/1");
    static final LoginConfig LOGIN = LoginConfig.normal(ClientConfig.DEFAULT_INITIATOR_NAME,
            "iqn.2026-01.org.example:disk", ClientConfig.defaults().isidBase());

    @Test
    void givenTemporaryRedirect_whenLoggingIn_thenNextPortalTriedWithItsAnswer() {
        Connector c = connector(where -> where.equals("10.0.0.1:3260")
                ? r -> status(r, 1, 1, "TargetAddress=10.0.0.9:3999,1\0")
                : r -> status(r, 2, 3, ""));
        LoginRejectedException e = assertThrows(LoginRejectedException.class,
                () -> c.openSession(URL, LOGIN, ClientConfig.defaults()));
        assertEquals(LoginStatus.NOT_FOUND, e.status());
        assertEquals("target iqn.2026-01.org.example:disk not found at 10.0.0.9:3999", e.getMessage());
        assertEquals(List.of("10.0.0.1:3260", "10.0.0.9:3999"), connections.stream().map(p -> p.where).toList());
        assertTrue(connections.stream().allMatch(p -> p.closed), "every failed connection is closed");
    }

    @Test
    void givenRedirectLoop_whenLoggingIn_thenBoundedByMaxRedirects() {
        Connector c = connector(where -> r -> status(r, 1, 2, "TargetAddress=10.0.0.1:3260,1\0"));
        IOException e = assertThrows(IOException.class, () -> c.openSession(URL, LOGIN, ClientConfig.defaults()));
        assertTrue(e.getMessage().contains("redirected more than 4 times"), e.getMessage());
        assertEquals(5, connections.size());
    }

    @Test
    void givenAuthorizationFailure_whenLoggingIn_thenMessageNamesInitiator() {
        Connector c = connector(where -> r -> status(r, 2, 2, ""));
        LoginRejectedException e = assertThrows(LoginRejectedException.class,
                () -> c.openSession(URL, LOGIN, ClientConfig.defaults()));
        assertEquals("initiator " + ClientConfig.DEFAULT_INITIATOR_NAME
                + " is not allowed to access iqn.2026-01.org.example:disk at 10.0.0.1:3260", e.getMessage());
    }
}
