package org.lunbridge.bridge.recovery;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Walks both transition tables: legal moves pass, every other pair throws, every state is reachable. */
class StateTablesTest {

    @Test
    void givenCommandTable_whenEveryPairTried_thenOnlyListedMovesPassAndAllStatesReachable() {
        for (CommandState from : CommandState.values()) {
            for (CommandState to : CommandState.values()) {
                if (from.successors().contains(to)) {
                    assertEquals(to, from.checkTransition(to));
                } else {
                    assertThrows(IllegalStateException.class, () -> from.checkTransition(to), from + "->" + to);
                }
            }
            assertEquals(from.terminal(), from.successors().isEmpty(), from.toString());
        }
        assertEquals(EnumSet.allOf(CommandState.class), reachable(CommandState.QUEUED));
    }

    @Test
    void givenSlotTable_whenEveryPairTried_thenOnlyListedMovesPassAndAllStatesReachable() {
        for (SlotState from : SlotState.values()) {
            for (SlotState to : SlotState.values()) {
                if (from.successors().contains(to)) {
                    assertEquals(to, from.checkTransition(to));
                } else {
                    assertThrows(IllegalStateException.class, () -> from.checkTransition(to), from + "->" + to);
                }
            }
        }
        Set<SlotState> seen = EnumSet.noneOf(SlotState.class);
        ArrayDeque<SlotState> todo = new ArrayDeque<>(Set.of(SlotState.UP));
        while (!todo.isEmpty()) {
            SlotState s = todo.poll();
            if (seen.add(s)) {
                todo.addAll(s.successors());
            }
        }
        assertEquals(EnumSet.allOf(SlotState.class), seen);
        assertTrue(SlotState.CLOSED.successors().isEmpty());
    }

    private static Set<CommandState> reachable(CommandState start) {
        Set<CommandState> seen = EnumSet.noneOf(CommandState.class);
        ArrayDeque<CommandState> todo = new ArrayDeque<>(Set.of(start));
        while (!todo.isEmpty()) {
            CommandState s = todo.poll();
            if (seen.add(s)) {
                todo.addAll(s.successors());
            }
        }
        return seen;
    }
}
