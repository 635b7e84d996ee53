package dev.spotshift.schemas.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DoorRefusalsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void aCallerRefusedFiftyTimesIsCountedFiftyTimesUnderItsDoorAndPrincipalAndLoggedOnce() {
        // Given one door
        DoorRefusals door = DoorRefusals.of("test-door-fifty");

        // When the same principal is refused 50 times
        List<Boolean> logged = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            logged.add(door.refused(meters, DoorRefusals.FORBIDDEN, "carol", "principal:carol", "POST", "/api"));
        }

        // Then the first refusal alone wrote a line, and all 50 are counted with the door, reason and principal
        assertThat(logged.get(0)).isTrue();
        assertThat(logged.subList(1, 50)).containsOnly(false);
        assertThat(meters.get(DoorRefusals.METER)
                .tags("door", "test-door-fifty", "reason", DoorRefusals.FORBIDDEN, "principal", "carol")
                .counter().count()).isEqualTo(50.0);
    }

    @Test
    void eachCallerAndReasonGetsItsOwnLineAndEachDoorItsOwnMemory() {
        DoorRefusals door = DoorRefusals.of("test-door-callers");

        assertThat(door.first(DoorRefusals.FORBIDDEN, "principal:alice")).isTrue();
        assertThat(door.first(DoorRefusals.FORBIDDEN, "principal:alice")).isFalse();
        assertThat(door.first(DoorRefusals.FORBIDDEN, "principal:bob")).isTrue();
        assertThat(door.first(DoorRefusals.UNAUTHENTICATED, "principal:alice")).isTrue();
        assertThat(DoorRefusals.of("test-door-other").first(DoorRefusals.FORBIDDEN, "principal:alice")).isTrue();
        assertThat(DoorRefusals.of("test-door-callers")).isSameAs(door);
    }

    @Test
    void aFloodOfCallersIsForgottenRatherThanKeptWithoutBound() {
        DoorRefusals door = DoorRefusals.of("test-door-flood");
        for (int i = 0; i < DoorRefusals.MAX_CALLERS; i++) {
            door.first(DoorRefusals.UNAUTHENTICATED, "address:10.0." + i);
        }

        assertThat(door.first(DoorRefusals.UNAUTHENTICATED, "address:10.0.0")).as("forgotten after the bound").isTrue();
    }
}
