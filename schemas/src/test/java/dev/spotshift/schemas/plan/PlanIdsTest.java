package dev.spotshift.schemas.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlanIdsTest {

    @Test
    void theSameIdempotencyKeyAlwaysNamesTheSameMigration() {
        assertThat(PlanIds.planId("k-1", "Nightly ETL", "nightly_etl_batch"))
                .isEqualTo(PlanIds.planId("k-1", "Nightly ETL", "nightly_etl_batch"))
                .startsWith("nightly-etl.nightly-etl-batch.")
                .matches("[a-z0-9.-]+");
    }

    @Test
    void workloadsOfOneFileAndDifferentKeysGetDifferentIds() {
        assertThat(PlanIds.planId("k-1", "p", "a")).isNotEqualTo(PlanIds.planId("k-1", "p", "b"));
        assertThat(PlanIds.planId("k-1", "p", "a")).isNotEqualTo(PlanIds.planId("k-2", "p", "a"));
    }

    @Test
    void withoutAKeyEverySubmissionIsANewMigration() {
        assertThat(PlanIds.planId(null, "p", "a")).isNotEqualTo(PlanIds.planId(null, "p", "a"));
    }
}
