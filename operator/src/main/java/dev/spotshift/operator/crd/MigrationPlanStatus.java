package dev.spotshift.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import java.util.ArrayList;
import java.util.List;

/**
 * What the operator knows of a MigrationPlan: the generation it last acted on, the migrations it submitted for that
 * generation (one per workload), each as migration-status has it, a summary for {@code kubectl get}, and conditions
 * ({@code Valid} with the located errors of an invalid spec, {@code Submitted}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MigrationPlanStatus {

    public Long observedGeneration;

    @PrinterColumn(name = "Stage", priority = 0)
    public String stage;

    @PrinterColumn(name = "Spot %", priority = 0)
    public Integer spotPercent;

    @PrinterColumn(name = "Savings", priority = 0)
    public String savings;

    public List<String> planIds = new ArrayList<>();

    public List<Migration> migrations = new ArrayList<>();

    public List<PlanCondition> conditions = new ArrayList<>();

    /** One workload's migration, mirrored from its latest migration-status record. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Migration {
        public String planId;
        public String workload;
        public String stage;
        public Boolean terminal;
        public Integer spotPercent;
        /** 1-based, as {@code spotshift status} and the console print it; 0 before the first step. */
        public Integer step;
        public Integer steps;
        public Long savingsMicros;
        public Double savingsPercent;
        public Integer rollbacks;
        public String lastVerdict;
        public String updatedAt;
        public List<String> reasons = new ArrayList<>();
    }

    /** A Kubernetes-style condition (type, status True/False/Unknown, reason, message). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class PlanCondition {
        public String type;
        public String status;
        public String reason;
        public String message;
        public Long observedGeneration;
        public String lastTransitionTime;
    }
}
