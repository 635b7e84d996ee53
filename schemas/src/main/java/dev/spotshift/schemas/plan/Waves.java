package dev.spotshift.schemas.plan;

import dev.spotshift.events.MigrationPlan;
import dev.spotshift.events.WavePlacement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A plan file's waves name workloads; the executor waits on migrations, which have planIds only once they are
 * submitted. Every submitter (CLI, REST intake, plan operator) makes the file's planIds together and links each
 * wave to its neighbours' planIds here, so the one wave order reaches the executor whoever submitted it.
 */
public final class Waves {

    private Waves() {}

    /** The plans with their waves' {@code after} and {@code next} filled from {@code planIds} (same order as plans). */
    public static List<MigrationPlan> link(List<MigrationPlan> plans, List<String> planIds) {
        if (plans.size() != planIds.size()) {
            throw new IllegalArgumentException(plans.size() + " plans and " + planIds.size() + " planIds");
        }
        Map<String, String> idOf = new HashMap<>();
        for (int i = 0; i < plans.size(); i++) {
            idOf.put(plans.get(i).getWorkload().getName(), planIds.get(i));
        }
        List<MigrationPlan> out = new ArrayList<>(plans.size());
        for (MigrationPlan p : plans) {
            WavePlacement w = p.getWave();
            if (w == null) {
                out.add(p);
                continue;
            }
            WavePlacement linked = WavePlacement.newBuilder(w)
                    .setAfter(ids(w.getPreviousWorkloads(), idOf)).setNext(ids(w.getNextWorkloads(), idOf)).build();
            out.add(MigrationPlan.newBuilder(p).setWave(linked).build());
        }
        return out;
    }

    private static List<String> ids(List<String> workloads, Map<String, String> idOf) {
        List<String> out = new ArrayList<>();
        for (String w : workloads) {
            String id = idOf.get(w);
            if (id == null) {
                // The reader refuses such a file; a plan built elsewhere must not start a wave early by it.
                throw new IllegalArgumentException("wave neighbour '" + w + "' is not one of the submitted workloads");
            }
            out.add(id);
        }
        return out;
    }
}
