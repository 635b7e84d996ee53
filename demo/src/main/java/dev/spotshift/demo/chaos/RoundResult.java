package dev.spotshift.demo.chaos;

import java.util.List;
import java.util.Map;

/**
 * The figures of one round.
 *
 * @param faultAtMillis   when the fault was injected, after the round's plans were submitted
 * @param asExpected      plans that ended in the stage their scenario expects (COMPLETED, or ROLLED_BACK on errors)
 * @param stuck           plans not final at the round's bound
 * @param otherEnd        plans final in another stage than expected ("planId STAGE: reasons")
 * @param repeatedChanges capacity changes made twice in a row on a plan's group
 * @param extraLaunches   replacements launched beyond one per handled interruption
 * @param replacements    replacements launched in all (interruption rounds)
 * @param deadLetters     dead letters written during the round, by "consumer: reason"
 * @param poisonSent      bad records the round produced (poison rounds)
 * @param poisonMissed    bad records sent to a topic a service reads that no dead letter names ("topic key")
 * @param orphans         instances tagged for a plan of the round still running after the reaper had its chance
 * @param auditsClean     plans whose replay the audit verifies without an error
 * @param auditFindings   the errors of the others ("planId: finding")
 * @param servicesDown    services not running and ready at the round's end
 */
public record RoundResult(int round, Fault fault, long faultAtMillis, String scenario, int plans, int asExpected, int stuck,
                   List<String> otherEnd, int repeatedChanges, int extraLaunches, int replacements,
                   Map<String, Integer> deadLetters, int poisonSent, List<String> poisonMissed, int orphans,
                   int auditsClean, List<String> auditFindings, List<String> servicesDown, long seconds,
                   String failure) {

    public int deadLetterCount() {
        return deadLetters.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The acceptance line: nothing stuck, nothing done twice, nothing left running, every audit clean. */
    public boolean clean() {
        return failure == null && stuck == 0 && asExpected == plans && repeatedChanges == 0 && extraLaunches == 0
                && orphans == 0 && auditsClean == plans && servicesDown.isEmpty();
    }
}
