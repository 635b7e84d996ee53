package dev.spotshift.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class TopicsCatalogTest {

    @Test
    void topicNamesAreUniqueAndFindableByName() {
        Set<String> names = new HashSet<>();
        for (Topic<?> t : Topics.all()) {
            assertThat(names.add(t.name())).as("duplicate topic %s", t.name()).isTrue();
            assertThat(Topics.byName(t.name())).containsSame(t);
        }
    }

    @Test
    void statusAndKillSwitchAreCompactedAndKeptForever() {
        assertThat(Topics.MIGRATION_STATUS.configs()).containsEntry("cleanup.policy", "compact").containsEntry("retention.ms", "-1");
        assertThat(Topics.KILL_SWITCH.configs()).containsEntry("cleanup.policy", "compact");
        assertThat(Topics.KILL_SWITCH.partitions()).isEqualTo(1);
        assertThat(Topics.MIGRATION_PLANS.configs()).containsEntry("cleanup.policy", "delete");
    }

    @Test
    void aTopicIsFullWhenAWriterCannotWaitForEveryReaderToUpgradeFirst() {
        // the tools (CLI, operator, audit, console) are readers too, but upgrading them first is cheap
        Set<dev.spotshift.schemas.access.Principal> tools = Set.of(dev.spotshift.schemas.access.Principal.CLI,
                dev.spotshift.schemas.access.Principal.OPERATOR, dev.spotshift.schemas.access.Principal.AUDIT,
                dev.spotshift.schemas.access.Principal.CONSOLE);
        for (Topic<?> t : Topics.all()) {
            Set<dev.spotshift.schemas.access.Principal> services = new HashSet<>(t.readers());
            services.removeAll(tools);
            boolean union = SchemaCompatibilityCheck.currentSchema(t).getFields().stream()
                    .anyMatch(f -> f.schema().getType() == Schema.Type.UNION && f.schema().getTypes().stream()
                            .filter(b -> b.getType() == Schema.Type.RECORD).count() > 1);
            boolean readsItself = t.writers().stream().anyMatch(t.readers()::contains);
            Topic.Compatibility expected = services.size() > 1 || union || readsItself
                    ? Topic.Compatibility.FULL : Topic.Compatibility.BACKWARD;
            assertThat(t.compatibility()).as("%s: service readers %s, union %s, read by its writer %s", t.name(),
                    services, union, readsItself).isEqualTo(expected);
        }
    }

    @Test
    void everyEventOnAPlanTopicCarriesTheEnvelope() {
        for (Topic<?> t : Topics.planHistory()) {
            Schema s = SchemaCompatibilityCheck.currentSchema(t);
            assertThat(s.getField("envelope")).as("%s has an envelope", t.name()).isNotNull();
            assertThat(s.getField("envelope").schema().getName()).isEqualTo("EventEnvelope");
        }
    }

    @Test
    void everyEnumHasADefaultSoItCanGrow() {
        List<String> missing = new ArrayList<>();
        Map<Schema, Boolean> seen = new IdentityHashMap<>();
        for (Topic<?> t : Topics.all()) {
            walk(SchemaCompatibilityCheck.currentSchema(t), seen, s -> {
                if (s.getType() == Schema.Type.ENUM && s.getEnumDefault() == null) {
                    missing.add(s.getFullName());
                }
            });
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void moneyIsNeverADouble() {
        List<String> doubles = new ArrayList<>();
        Map<Schema, Boolean> seen = new IdentityHashMap<>();
        for (Topic<?> t : Topics.all()) {
            walk(SchemaCompatibilityCheck.currentSchema(t), seen, s -> {
                if (s.getType() == Schema.Type.RECORD) {
                    for (Schema.Field f : s.getFields()) {
                        String n = f.name().toLowerCase();
                        boolean money = n.endsWith("micros") || n.contains("cost") || n.contains("price") && !n.contains("percent") && !n.contains("fraction");
                        if (money && !n.contains("percent") && containsDouble(f.schema())) {
                            doubles.add(s.getName() + "." + f.name());
                        }
                    }
                }
            });
        }
        assertThat(doubles).isEmpty();
    }

    private static boolean containsDouble(Schema s) {
        if (s.getType() == Schema.Type.UNION) {
            return s.getTypes().stream().anyMatch(TopicsCatalogTest::containsDouble);
        }
        return s.getType() == Schema.Type.DOUBLE || s.getType() == Schema.Type.FLOAT;
    }

    private static void walk(Schema s, Map<Schema, Boolean> seen, java.util.function.Consumer<Schema> visit) {
        if (seen.put(s, Boolean.TRUE) != null) {
            return;
        }
        visit.accept(s);
        switch (s.getType()) {
            case RECORD -> s.getFields().forEach(f -> walk(f.schema(), seen, visit));
            case UNION -> s.getTypes().forEach(x -> walk(x, seen, visit));
            case ARRAY -> walk(s.getElementType(), seen, visit);
            case MAP -> walk(s.getValueType(), seen, visit);
            default -> { }
        }
    }
}
