package dev.spotshift.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.schemas.access.Principal;
import dev.spotshift.schemas.access.TopicAcls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The broker's ACLs in every deployment equal the catalog's writer/reader table ({@link TopicAcls}): the compose init
 * job's {@code kafka-acls.sh} lines and the k8s {@code KafkaUser} resources (the local overlay, which adds the
 * simulator's user). The local broker the tests start is held to the same table on the real broker
 * (local-infra's BrokerAccessTest).
 */
class BrokerAclsTest {

    private static final Path ROOT = root();
    private static final Pattern ACL_COMMAND = Pattern.compile(
            "kafka-acls\\.sh \\S+ --add --allow-principal User:(\\S+) --operation (\\w+)"
                    + "( --resource-pattern-type prefixed)?((?: --(?:topic|group|transactional-id) \\S+)+)");
    private static final Pattern RESOURCE = Pattern.compile("--(topic|group|transactional-id) (\\S+)");
    private static final Pattern SCRAM_USER = Pattern.compile("--entity-type users --entity-name (\\S+) --add-config \"SCRAM-SHA-512=");

    @Test
    void composeGrantsExactlyTheCatalogsAcls() throws IOException {
        assertThat(composeAcls(composeInit())).isEqualTo(TopicAcls.lines());
    }

    @Test
    void composeCreatesAScramUserForEveryPrincipal() throws IOException {
        Set<String> users = new TreeSet<>();
        Matcher m = SCRAM_USER.matcher(composeInit());
        while (m.find()) {
            users.add(m.group(1));
        }
        assertThat(users).isEqualTo(principals());
    }

    @Test
    void kubernetesKafkaUsersGrantExactlyTheCatalogsAcls() {
        Set<String> lines = new TreeSet<>();
        Set<String> users = new TreeSet<>();
        for (Map<String, Object> user : Kustomized.ofKind(Kustomized.render(ROOT.resolve("k8s/overlays/local")), "KafkaUser")) {
            String name = Kustomized.name(user);
            users.add(name);
            Map<String, Object> spec = map(user.get("spec"));
            assertThat(map(spec.get("authentication")).get("type")).as("authentication of %s", name).isEqualTo("scram-sha-512");
            Map<String, Object> authorization = map(spec.get("authorization"));
            assertThat(authorization.get("type")).as("authorization of %s", name).isEqualTo("simple");
            for (Object o : (List<?>) authorization.get("acls")) {
                Map<String, Object> acl = map(o);
                Map<String, Object> resource = map(acl.get("resource"));
                for (Object op : (List<?>) acl.get("operations")) {
                    lines.add(line(name, op.toString(), resourceType(resource.get("type").toString()),
                            resource.get("name").toString(), "prefix".equals(resource.get("patternType"))));
                }
            }
        }
        assertThat(users).isEqualTo(principals());
        assertThat(lines).isEqualTo(TopicAcls.lines());
    }

    @Test
    void theSimulatorsUserIsOnlyInTheLocalOverlay() {
        Set<String> base = Kustomized.ofKind(Kustomized.render(ROOT.resolve("k8s/base")), "KafkaUser").stream()
                .map(Kustomized::name).collect(Collectors.toCollection(TreeSet::new));
        assertThat(base).doesNotContain(Principal.WORKLOAD_SIMULATOR.user())
                .contains(Principal.MONITOR.user())
                .containsAll(dev.spotshift.schemas.access.Operators.roster())
                // the operator role is not a login: each person on the roster has their own
                .doesNotContain(Principal.OPERATOR.user());
    }

    @Test
    void everyRosteredOperatorHasTheOperatorRolesAclsUnderTheirOwnNameAndNoSharedOperatorLoginExists() throws IOException {
        Set<String> compose = composeAcls(composeInit());
        for (String person : dev.spotshift.schemas.access.Operators.roster()) {
            assertThat(compose).contains(person + " WRITE TOPIC operator-commands", person + " WRITE TOPIC kill-switch");
        }
        assertThat(compose).noneMatch(l -> l.startsWith(Principal.OPERATOR.user() + " "));
    }

    @Test
    void theComparisonNoticesAWriterTheCatalogDoesNotName() throws IOException {
        String forged = composeInit() + "\n/opt/kafka/bin/kafka-acls.sh $$ADMIN --add --allow-principal User:cli"
                + " --operation Write --topic gate-verdicts\n";
        assertThat(composeAcls(forged)).isNotEqualTo(TopicAcls.lines()).contains("cli WRITE TOPIC gate-verdicts");
    }

    private static Set<String> composeAcls(String init) {
        Set<String> lines = new TreeSet<>();
        Matcher m = ACL_COMMAND.matcher(init);
        while (m.find()) {
            Matcher r = RESOURCE.matcher(m.group(4));
            while (r.find()) {
                lines.add(line(m.group(1), m.group(2), resourceType(r.group(1)), r.group(2), m.group(3) != null));
            }
        }
        return lines;
    }

    private static String line(String user, String operation, TopicAcls.Resource type, String name, boolean prefixed) {
        return new TopicAcls.Acl(Principal.byUser(user), user, type, name, prefixed,
                TopicAcls.Operation.valueOf(operation.toUpperCase(java.util.Locale.ROOT))).line();
    }

    private static TopicAcls.Resource resourceType(String s) {
        return switch (s) {
            case "topic" -> TopicAcls.Resource.TOPIC;
            case "group" -> TopicAcls.Resource.GROUP;
            case "transactional-id", "transactionalId" -> TopicAcls.Resource.TRANSACTIONAL_ID;
            default -> throw new IllegalArgumentException("unknown resource type " + s);
        };
    }

    private static Set<String> principals() {
        return Arrays.stream(Principal.values()).flatMap(p -> p.logins().stream())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The command of compose's topics job (topics, users, ACLs). */
    @SuppressWarnings("unchecked")
    private static String composeInit() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        Object command = map(map(compose.get("services")).get("topics")).get("command");
        return command instanceof List<?> l ? String.join("\n", (List<String>) l) : String.valueOf(command);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    private static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("docker-compose.yml"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
