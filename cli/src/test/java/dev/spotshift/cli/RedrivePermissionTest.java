package dev.spotshift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.schemas.Topics;
import org.junit.jupiter.api.Test;

class RedrivePermissionTest {

    @Test
    void givenAnOperatorsLoginWhenReDrivingAnOperatorCommandThenItMay() {
        assertThat(DeadLettersCommand.redriveRefusal("User:operator", Topics.OPERATOR_COMMANDS)).isEmpty();
        assertThat(DeadLettersCommand.redriveRefusal("User:cli", Topics.MIGRATION_PLANS)).isEmpty();
    }

    @Test
    void givenAnOperatorsLoginWhenReDrivingAGateVerdictThenItIsRefusedNamingTheWriter() {
        assertThat(DeadLettersCommand.redriveRefusal("User:operator", Topics.GATE_VERDICTS)).hasValueSatisfying(why ->
                assertThat(why).contains("User:operator may not write gate-verdicts").contains("[User:monitor]"));
        assertThat(DeadLettersCommand.redriveRefusal("User:cli", Topics.MIGRATION_DECISIONS)).isPresent();
        assertThat(DeadLettersCommand.redriveRefusal("User:stranger", Topics.MIGRATION_PLANS)).isPresent();
    }

    @Test
    void givenNoSaslLoginThenTheBrokerDecides() {
        assertThat(DeadLettersCommand.redriveRefusal("unauthenticated:alice", Topics.GATE_VERDICTS)).isEmpty();
    }
}
