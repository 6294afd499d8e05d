package org.lunbridge.iscsi.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Every constant of a group has its own name, so logs never print UNKNOWN for a defined value. */
class IscsiConstantsTest {
    @Test
    void givenEveryDefinedOpcode_whenNamed_thenDistinctKnownNamesAndRightDirection() throws Exception {
        Set<String> names = new HashSet<>();
        for (int opcode : constants("OP_")) {
            String name = IscsiConstants.nameOfOpcode(opcode);
            assertFalse(name.startsWith("UNKNOWN"), "0x" + Integer.toHexString(opcode));
            assertTrue(names.add(name), name);
            assertEquals(opcode < 0x20, IscsiConstants.isInitiatorOpcode(opcode));
        }
        assertEquals(18, names.size());
        assertEquals("UNKNOWN(0x3e)", IscsiConstants.nameOfOpcode(0x3e));
    }

    @Test
    void givenEveryCodeGroup_whenNamed_thenNoDefinedValueIsUnknown() throws Exception {
        assertAllNamed("TMF_RESPONSE_", IscsiConstants::nameOfTmfResponse);
        assertAllNamed("LOGIN_CLASS_", IscsiConstants::nameOfLoginStatusClass);
        assertAllNamed("ASYNC_", IscsiConstants::nameOfAsyncEvent);
        assertAllNamed("LOGOUT_RESPONSE_", IscsiConstants::nameOfLogoutResponse);
        assertAllNamed("SNACK_", IscsiConstants::nameOfSnackType);
        assertAllNamed("REJECT_", IscsiConstants::nameOfRejectReason);
        assertAllNamed("STAGE_", IscsiConstants::nameOfStage);
        assertAllNamed("AHS_", IscsiConstants::nameOfAhsType);
        assertEquals("Target moved temporarily", IscsiConstants.nameOfLoginStatus(0x0101));
        assertEquals("Out of resources", IscsiConstants.nameOfLoginStatus(0x0302));
        assertEquals("LOGICAL UNIT RESET", IscsiConstants.nameOfTmfFunction(IscsiConstants.TMF_LOGICAL_UNIT_RESET));
        assertEquals("Vendor specific (0x80)", IscsiConstants.nameOfScsiResponse(0x80));
        assertEquals("Head of queue", IscsiConstants.nameOfTaskAttribute(IscsiConstants.ATTR_HEAD_OF_QUEUE));
        assertEquals("close the connection", IscsiConstants.nameOfLogoutReason(1));
    }

    private static void assertAllNamed(String prefix, IntFunction<String> nameOf) throws Exception {
        for (int value : constants(prefix)) {
            assertFalse(nameOf.apply(value).startsWith("UNKNOWN"), prefix + value);
        }
    }

    private static Set<Integer> constants(String prefix) throws IllegalAccessException {
        Set<Integer> values = new HashSet<>();
        for (Field f : IscsiConstants.class.getFields()) {
            if (f.getName().startsWith(prefix) && f.getType() == int.class && Modifier.isStatic(f.getModifiers())
                    && !f.getName().endsWith("_MIN") && !f.getName().endsWith("_MASK")) {
                values.add(f.getInt(null));
            }
        }
        assertFalse(values.isEmpty(), prefix);
        return values;
    }
}
