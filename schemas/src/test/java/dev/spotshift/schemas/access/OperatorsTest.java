package dev.spotshift.schemas.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorsTest {

    @Test
    void givenTheCommittedRosterThenItNamesPeopleAndNotTheSharedOperatorAccount() {
        assertThat(Operators.roster()).isNotEmpty().doesNotContain(Principal.OPERATOR.user());
        assertThat(Principal.OPERATOR.logins()).isEqualTo(Operators.roster());
    }

    @Test
    void givenCommentsAndBlankLinesWhenParsedThenOnlyTheNamesRemain() {
        assertThat(Operators.parse(List.of("# who", "", "alice", "  bob  "))).containsExactly("alice", "bob");
    }

    @Test
    void givenAServicesNameWhenParsedThenItIsRefusedWithItsLine() {
        // a person named "monitor" would get the monitor's ACLs as well as the operator role's
        assertThatThrownBy(() -> Operators.parse(List.of("alice", "monitor")))
                .hasMessageContaining("line 2").hasMessageContaining("service principal");
    }

    @Test
    void givenABadOrRepeatedNameOrNoneWhenParsedThenEachIsALocatedError() {
        assertThatThrownBy(() -> Operators.parse(List.of("Alice Smith"))).hasMessageContaining("line 1");
        assertThatThrownBy(() -> Operators.parse(List.of("bob", "bob"))).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> Operators.parse(List.of("# nobody"))).hasMessageContaining("no operator");
    }
}
