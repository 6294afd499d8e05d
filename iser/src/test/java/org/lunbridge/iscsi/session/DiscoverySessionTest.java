package org.lunbridge.iscsi.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.lunbridge.iscsi.login.DiscoveredTarget;
import org.lunbridge.iscsi.login.Isid;
import org.lunbridge.iscsi.login.LoginConfig;
import org.lunbridge.iscsi.pdu.IscsiConstants;
import org.lunbridge.iscsi.pdu.LoginRequest;
import org.lunbridge.iscsi.pdu.LoginResponse;
import org.lunbridge.iscsi.pdu.LogoutRequest;
import org.lunbridge.iscsi.pdu.LogoutResponse;
import org.lunbridge.iscsi.pdu.Lun;
import org.lunbridge.iscsi.pdu.TextRequest;
import org.lunbridge.iscsi.pdu.TextResponse;

/** Discovery over a scripted target: login PDUs, SendTargets with a continued response, logout. */
class DiscoverySessionTest {

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void givenContinuedSendTargetsAnswer_whenDiscovering_thenFetchedWithTttAndParsed() throws Exception {
        FakeTarget target = new FakeTarget();
        LoginConfig config = LoginConfig.discovery("iqn.2026-01.org.lunbridge:test", Isid.enterpriseNumber(1, 1));
        CompletableFuture<List<DiscoveredTarget>> result = CompletableFuture.supplyAsync(() -> {
            try {
                return DiscoverySession.sendTargets(target, config, 10_000);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        // Security stage: AuthMethod=None, then operational stage straight to full feature phase.
        LoginRequest first = target.next(LoginRequest.class);
        assertEquals(IscsiConstants.STAGE_SECURITY_NEGOTIATION, first.csg());
        String firstText = StandardCharsets.UTF_8.decode(first.data()).toString();
        assertTrue(firstText.contains("SessionType=Discovery"), firstText);
        target.reply(new LoginResponse(true, false, 0, 1, 0, 0, first.isid(), 0, first.itt(), 5, first.cmdSn(),
                first.cmdSn() + 8, 0, 0, text("AuthMethod=None\0")));
        LoginRequest second = target.next(LoginRequest.class);
        assertEquals(6, second.expStatSn(), "acknowledges the first response's StatSN");
        target.reply(new LoginResponse(true, false, 1, 3, 0, 0, second.isid(), 9, second.itt(), 6,
                second.cmdSn(), second.cmdSn() + 8, 0, 0, text("HeaderDigest=None\0DataDigest=None\0"
                        + "DefaultTime2Wait=2\0DefaultTime2Retain=0\0ErrorRecoveryLevel=0\0")));
        TextRequest ask;
        try {
            ask = target.next(TextRequest.class);
        } catch (AssertionError e) {
            throw new AssertionError(result.handle((r, x) -> String.valueOf(x)).get(), e);
        }
        assertEquals("SendTargets=All\0", StandardCharsets.UTF_8.decode(ask.data()).toString());
        assertTrue(ask.finalFlag());
        target.reply(new TextResponse(false, true, Lun.ZERO, ask.itt(), 0x42, 7, ask.cmdSn() + 1, ask.cmdSn() + 8,
                text("TargetName=iqn.x:a\0TargetAddress=10.0.0.1:3260,1\0TargetNa")));
        TextRequest more = target.next(TextRequest.class);
        assertEquals(0x42, more.ttt());
        assertEquals(0, more.data().remaining());
        assertEquals(8, more.expStatSn());
        target.reply(new TextResponse(true, false, Lun.ZERO, ask.itt(), IscsiConstants.RESERVED_TAG, 8,
                more.cmdSn() + 1, more.cmdSn() + 8, text("me=iqn.x:b\0TargetAddress=10.0.0.2:3261,2\0")));
        LogoutRequest logout = target.next(LogoutRequest.class);
        target.reply(new LogoutResponse(0, logout.itt(), 9, logout.cmdSn(), logout.cmdSn() + 8, 0, 0));
        List<DiscoveredTarget> targets = result.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("iqn.x:a", "iqn.x:b"), targets.stream().map(DiscoveredTarget::targetName).toList());
        assertEquals(3261, targets.get(1).portals().get(0).port());
        assertTrue(target.closed);
    }

    @Test
    void givenSilentTarget_whenLoggingInNormalSession_thenBoundedByLoginTimeout() {
        FakeTarget target = new FakeTarget();
        LoginConfig config = LoginConfig.normal("iqn.2026-01.org.lunbridge:test", "iqn.x:y",
                Isid.enterpriseNumber(1, 1));
        IOException e = assertThrows(IOException.class, () -> IscsiSession.login(target, config,
                SessionConfig.defaults().withLoginTimeoutMillis(200)));
        assertEquals("no login response from fake within 200 ms", e.getMessage());
        assertTrue(target.closed);
    }

    @Test
    void givenSilentTarget_whenDiscovering_thenTimesOutInsteadOfHanging() {
        FakeTarget target = new FakeTarget();
        LoginConfig config = LoginConfig.discovery("iqn.2026-01.org.lunbridge:test", Isid.enterpriseNumber(1, 1));
        assertThrows(IOException.class, () -> DiscoverySession.sendTargets(target, config, 200));
        assertTrue(target.closed);
    }
}
