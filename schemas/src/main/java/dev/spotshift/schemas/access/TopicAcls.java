package dev.spotshift.schemas.access;

import dev.spotshift.schemas.Topic;
import dev.spotshift.schemas.Topics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The broker's ACLs, derived from the catalog's writer/reader table ({@link Topic#writers()},
 * {@link Topic#readers()}) and each principal's own prefixes. Everything is an allow: with
 * {@code allow.everyone.if.no.acl.found=false} whatever is not listed here is refused. The local broker
 * (local-infra), the compose init and the k8s {@code KafkaUser} resources all come from {@link #all()}.
 *
 * <p>READ and WRITE imply DESCRIBE on a topic, so no separate DESCRIBE is granted. A Kafka Streams application
 * gets ALL on topics under its application id (it creates and trims its changelog and repartition topics);
 * every principal gets READ on its consumer groups and WRITE on its transactional ids (idempotent and
 * exactly-once producers need no cluster ACL since Kafka 3.0). The console, which measures every group's lag from
 * the outside, gets DESCRIBE on the other principals' groups (the simulator's aside) (listing a group and its committed offsets; it can
 * neither join nor commit for one).
 */
public final class TopicAcls {

    public enum Resource { TOPIC, GROUP, TRANSACTIONAL_ID }

    public enum Operation { READ, WRITE, DESCRIBE, ALL }

    /**
     * One allow rule: the login {@code user}, holding {@code principal}'s role, may {@code operation} on the resource
     * (a literal name or a prefix).
     */
    public record Acl(Principal principal, String user, Resource resource, String name, boolean prefixed,
                      Operation operation) {

        /** A rule for a principal with one login of its own (every service, the CLI, the audit). */
        public Acl(Principal principal, Resource resource, String name, boolean prefixed, Operation operation) {
            this(principal, principal.user(), resource, name, prefixed, operation);
        }

        /** As Kafka's Admin API wants it. */
        public AclBinding binding() {
            return new AclBinding(
                    new ResourcePattern(ResourceType.valueOf(resource.name()), name,
                            prefixed ? PatternType.PREFIXED : PatternType.LITERAL),
                    new AccessControlEntry("User:" + user, "*", AclOperation.valueOf(operation.name()),
                            AclPermissionType.ALLOW));
        }

        /** Reads an allow binding back (from the broker's describeAcls) into the same shape. */
        public static Acl of(AclBinding b) {
            String user = b.entry().principal().substring("User:".length());
            return new Acl(Principal.byUser(user), user,
                    Resource.valueOf(b.pattern().resourceType().name()), b.pattern().name(),
                    b.pattern().patternType() == PatternType.PREFIXED,
                    Operation.valueOf(b.entry().operation().name()));
        }

        /** One line that names the rule, for comparing the three generated forms: {@code analyzer WRITE TOPIC migration-plans}. */
        public String line() {
            return user + " " + operation + " " + resource + " " + name + (prefixed ? "*" : "");
        }

        /** Strimzi's spelling of the operation ({@code Read}, {@code Write}, {@code All}). */
        public String strimziOperation() {
            String o = operation.name().toLowerCase(Locale.ROOT);
            return Character.toUpperCase(o.charAt(0)) + o.substring(1);
        }
    }

    private static final Comparator<Acl> ORDER = Comparator.comparing(Acl::line);

    private TopicAcls() {}

    /** Every rule for every principal, in a stable order. */
    public static List<Acl> all() {
        List<Acl> acls = new ArrayList<>();
        for (Principal p : Principal.values()) {
            acls.addAll(of(p));
        }
        acls.sort(ORDER);
        return List.copyOf(acls);
    }

    /**
     * The rules of one principal, for each of its logins (every rostered person for the operator role): its topics
     * from the catalog, then its groups, transactional ids and internal topics.
     */
    public static List<Acl> of(Principal p) {
        Set<Acl> acls = new TreeSet<>(ORDER);
        for (String login : p.logins()) {
            acls.addAll(of(p, login));
        }
        return List.copyOf(acls);
    }

    /** The rules of one login holding principal {@code p}'s role. */
    public static List<Acl> of(Principal p, String login) {
        Set<Acl> acls = new TreeSet<>(ORDER);
        for (Topic<?> t : Topics.all()) {
            if (t.writers().contains(p)) {
                acls.add(new Acl(p, login, Resource.TOPIC, t.name(), false, Operation.WRITE));
            }
            if (t.readers().contains(p)) {
                acls.add(new Acl(p, login, Resource.TOPIC, t.name(), false, Operation.READ));
            }
        }
        for (String prefix : p.prefixes()) {
            acls.add(new Acl(p, login, Resource.GROUP, prefix, true, Operation.READ));
            acls.add(new Acl(p, login, Resource.TRANSACTIONAL_ID, prefix, true, Operation.WRITE));
            if (p.streamsApp()) {
                acls.add(new Acl(p, login, Resource.TOPIC, prefix, true, Operation.ALL));
            }
        }
        if (p == Principal.CONSOLE) {
            for (Principal other : Principal.values()) {
                // the simulator is a local stand-in for a workload, not part of a production installation
                if (other != p && other != Principal.WORKLOAD_SIMULATOR) {
                    other.prefixes().forEach(g -> acls.add(new Acl(p, login, Resource.GROUP, g, true, Operation.DESCRIBE)));
                }
            }
        }
        return List.copyOf(acls);
    }

    /** The bindings to create on a broker. */
    public static List<AclBinding> bindings() {
        return all().stream().map(Acl::binding).toList();
    }

    /** The catalog's table as lines, the form the contract test compares. */
    public static Set<String> lines() {
        Set<String> lines = new TreeSet<>();
        all().forEach(a -> lines.add(a.line()));
        return lines;
    }
}
