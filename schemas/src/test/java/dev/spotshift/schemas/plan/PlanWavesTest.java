package dev.spotshift.schemas.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.events.MigrationPlan;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanWavesTest {

    @Test
    void givenSeed001sExpansion_whenRead_thenEachWorkloadKnowsItsWaveItsNeighboursAndItsValidationPeriod() throws IOException {
        ParsedPlans parsed = PlanParser.parse(PlanParserTest.example("spot-migration-expansion.yaml"));

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.plans()).extracting(p -> p.getWorkload().getName() + " " + p.getWave().getIndex() + "/"
                + p.getWave().getCount() + " " + p.getWave().getName()).containsExactly(
                "report_generation 1/2 week-1", "data_analytics 1/2 week-1",
                "log_processing 2/2 week-2", "backup_jobs 2/2 week-2");
        MigrationPlan first = parsed.plans().get(0);
        MigrationPlan third = parsed.plans().get(2);
        assertThat(first.getWave().getPreviousWorkloads()).isEmpty();
        assertThat(first.getWave().getNextWorkloads()).containsExactly("log_processing", "backup_jobs");
        assertThat(third.getWave().getPreviousWorkloads()).containsExactly("report_generation", "data_analytics");
        assertThat(third.getWave().getNextWorkloads()).isEmpty();
        // "72h per service": every workload of a wave validates for the wave's period
        assertThat(parsed.plans()).allSatisfy(p -> assertThat(p.getRollout().getValidationPeriodMillis()).isEqualTo(72 * 3_600_000L));
    }

    @Test
    void givenPlansOfTwoWaves_whenLinkedWithTheirPlanIds_thenEachWaitsForAndHandsOverToTheRightMigrations() throws IOException {
        List<MigrationPlan> plans = PlanParser.parse(PlanParserTest.example("spot-migration-expansion.yaml")).plans();
        List<String> ids = List.of("p.report", "p.analytics", "p.logs", "p.backups");

        List<MigrationPlan> linked = Waves.link(plans, ids);

        assertThat(linked.get(0).getWave().getAfter()).isEmpty();
        assertThat(linked.get(0).getWave().getNext()).containsExactly("p.logs", "p.backups");
        assertThat(linked.get(3).getWave().getAfter()).containsExactly("p.report", "p.analytics");
        assertThat(linked.get(3).getWave().getNext()).isEmpty();
    }

    @Test
    void givenAPlanWithoutWaves_whenRead_thenNoWorkloadHasAWave() throws IOException {
        assertThat(PlanParser.parse(PlanParserTest.example("demo-fast.yaml")).plans())
                .allSatisfy(p -> assertThat(p.getWave()).isNull());
    }

    @Test
    void givenAnEmptyWavesList_whenRead_thenALocatedErrorSaysToListOneOrLeaveItOut() throws IOException {
        String text = PlanParserTest.example("spot-migration-expansion.yaml");
        String cut = text.substring(0, text.indexOf("waves:")) + "waves: []\n" + text.substring(text.indexOf("spot:\n"));

        assertThat(PlanParser.parse(cut).errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("EMPTY_WAVES");
            assertThat(e.path()).isEqualTo("waves");
            assertThat(e.hasLine()).isTrue();
        });
    }
}
