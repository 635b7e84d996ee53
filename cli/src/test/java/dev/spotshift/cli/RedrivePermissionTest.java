package dev.spotshift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.schemas.Topics;
import org.junit.jupiter.api.Test;

class RedrivePermissionTest {

    @Test
    void givenAnOperatorsLoginWhenReDrivingAnOperatorCommandThenItMay() {
        assertThat(DeadLettersCommand.redriveRefusal("User:alice", Topics.OPERATOR_COMMANDS)).isEmpty();
        // the operator role is no login of its own: only a rostered person writes commands
        assertThat(DeadLettersCommand.redriveRefusal("User:operator", Topics.OPERATOR_COMMANDS)).isPresent();
        assertThat(DeadLettersCommand.redriveRefusal("User:cli", Topics.MIGRATION_PLANS)).isEmpty();
    }

    @Test
    void givenAnOperatorsLoginWhenReDrivingAGateVerdictThenItIsRefusedNamingTheWriter() {
        assertThat(DeadLettersCommand.redriveRefusal("User:alice", Topics.GATE_VERDICTS)).hasValueSatisfying(why ->
                assertThat(why).contains("User:alice may not write gate-verdicts").contains("[User:monitor]"));
        assertThat(DeadLettersCommand.redriveRefusal("User:cli", Topics.MIGRATION_DECISIONS)).isPresent();
        assertThat(DeadLettersCommand.redriveRefusal("User:stranger", Topics.MIGRATION_PLANS)).isPresent();
    }

    @Test
    void givenNoSaslLoginThenTheBrokerDecides() {
        assertThat(DeadLettersCommand.redriveRefusal("unauthenticated:alice", Topics.GATE_VERDICTS)).isEmpty();
    }
}
