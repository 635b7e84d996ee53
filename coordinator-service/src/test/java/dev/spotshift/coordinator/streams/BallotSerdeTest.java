package dev.spotshift.coordinator.streams;

import static dev.spotshift.coordinator.domain.SeedPlans.assessed;
import static dev.spotshift.coordinator.domain.SeedPlans.pilotPlan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.coordinator.domain.Ballot;
import dev.spotshift.coordinator.domain.BallotBox;
import dev.spotshift.coordinator.domain.ResourceAgent;
import dev.spotshift.coordinator.domain.Votes;
import dev.spotshift.schemas.Envelopes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BallotSerdeTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T02:00:00Z"), ZoneOffset.UTC);

    @Test
    void aBallotWithAVoteReadsBackEqual() {
        var assessment = Envelopes.next("plan-1", "analyzer-service/0.1.0", "submission-1", clock);
        var plan = pilotPlan().build();
        BallotBox box = new BallotBox(clock);
        Ballot open = box.open(assessment, plan);
        var vote = Votes.of(new ResourceAgent(), assessment, assessed(plan), clock);
        Ballot withVote = ((BallotBox.Counted) box.cast(open, vote)).ballot();
        BallotSerde serde = new BallotSerde();

        Ballot back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", withVote));

        assertThat(back).isEqualTo(withVote);
        assertThat(back.isOpen()).isTrue();
    }
}
