package dev.spotshift.infra;

import dev.spotshift.schemas.access.Principal;
import dev.spotshift.schemas.access.TopicAcls;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

/**
 * A secured local broker made ready for Spotshift: the catalog's topics (created by the super user), one SCRAM
 * user per {@link Principal} login (a service's own, each rostered operator's) with a fresh random password, and exactly the ACLs {@link TopicAcls} derives from
 * the catalog. Tests and the demo then hand each process {@link #clientProperties(Principal)}.
 */
public final class BrokerAccess implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KafkaBrokerProcess broker;
    private final Map<String, String> passwords;

    private BrokerAccess(KafkaBrokerProcess broker, Map<String, String> passwords) {
        this.broker = broker;
        this.passwords = passwords;
    }

    /** Starts a broker with SASL/SCRAM and the StandardAuthorizer, and sets up topics, users and ACLs on it. */
    public static BrokerAccess start() {
        KafkaBrokerProcess broker = KafkaBrokerProcess.start(new KafkaBrokerProcess.Options().saslScram(password()));
        try {
            return setUp(broker);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /** Topics, users and ACLs on an already started secured broker. */
    public static BrokerAccess setUp(KafkaBrokerProcess broker) {
        if (!broker.secured()) {
            throw new IllegalArgumentException("broker " + broker + " was not started with saslScram");
        }
        TopicCatalog.createAll(broker.adminProperties(), TIMEOUT);
        Map<String, String> passwords = new java.util.LinkedHashMap<>();
        for (Principal p : Principal.values()) {
            p.logins().forEach(user -> passwords.put(user, password()));
        }
        try (Admin admin = Admin.create(broker.adminProperties())) {
            List<UserScramCredentialAlteration> users = new ArrayList<>();
            passwords.forEach((user, pw) -> users.add(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), pw)));
            admin.alterUserScramCredentials(users).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            admin.createAcls(TopicAcls.bindings()).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            // both are committed by the controller before the broker has applied them: wait until the broker's own
            // authorizer lists every ACL and every user can log in, or a client started next is refused
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            Set<AclBinding> wanted = Set.copyOf(TopicAcls.bindings());
            while (!new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).containsAll(wanted)) {
                pause(deadline, "the broker to apply the catalog's ACLs");
            }
            for (Map.Entry<String, String> login : passwords.entrySet()) {
                while (!canLogIn(broker.clientProperties(login.getKey(), login.getValue()))) {
                    pause(deadline, "the broker to accept " + login.getKey() + "'s SCRAM credential");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraStartException("Interrupted while creating users and ACLs on " + broker, e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new InfraStartException("Creating users and ACLs on " + broker + " failed: " + e, e);
        }
        return new BrokerAccess(broker, passwords);
    }

    private static boolean canLogIn(Properties client) {
        Properties p = new Properties();
        p.putAll(client);
        p.put("request.timeout.ms", 5_000);
        p.put("default.api.timeout.ms", 5_000);
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraStartException("Interrupted while logging in to the secured broker", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    private static void pause(long deadline, String waitingFor) {
        if (System.nanoTime() > deadline) {
            throw new InfraStartException("Gave up after " + TIMEOUT.toSeconds() + " s waiting for " + waitingFor);
        }
        ChildJvm.sleepQuietly(100);
    }

    /** The ACLs the broker holds now, as the broker reports them. */
    public Set<AclBinding> describeAcls() {
        try (Admin admin = Admin.create(broker.adminProperties())) {
            return new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("describeAcls on " + broker + " failed: " + e, e);
        }
    }

    /**
     * What a process running as {@code principal} needs to reach the broker: its login, or for the operator role the
     * first rostered person's ({@link #clientProperties(String)} picks another).
     */
    public Properties clientProperties(Principal principal) {
        return clientProperties(principal.logins().get(0));
    }

    /** What a client logging in as {@code user} (a principal's login, e.g. an operator's own) needs. */
    public Properties clientProperties(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no SCRAM user " + user + " on " + broker + "; logins: " + passwords.keySet());
        }
        return broker.clientProperties(user, password);
    }

    /**
     * A login the broker never provisioned (a name not on the roster), with a password of its own: the broker refuses
     * it at authentication.
     */
    public Properties unprovisionedClientProperties(String user) {
        if (passwords.containsKey(user)) {
            throw new IllegalArgumentException(user + " is provisioned");
        }
        return broker.clientProperties(user, password());
    }

    /** The super user's settings (creates topics, reads anything). */
    public Properties adminProperties() {
        return broker.adminProperties();
    }

    /** As {@link #clientProperties(Principal)}, for Quarkus: the {@code kafka.} and Kafka Streams prefixes. */
    public Map<String, String> quarkusConfig(Principal principal) {
        Map<String, String> c = new java.util.LinkedHashMap<>();
        clientProperties(principal).forEach((k, v) -> {
            c.put("kafka." + k, v.toString());
            c.put("kafka-streams." + k, v.toString());
        });
        c.put("quarkus.kafka-streams.bootstrap-servers", broker.bootstrapServers());
        return c;
    }

    public KafkaBrokerProcess broker() { return broker; }

    public String bootstrapServers() { return broker.bootstrapServers(); }

    @Override
    public void close() { broker.close(); }

    private static String password() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
