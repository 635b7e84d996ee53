package dev.spotshift.infra.broker;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.JMException;
import javax.management.ObjectName;
import org.apache.kafka.metadata.authorizer.StandardAuthorizer;
import org.apache.kafka.server.authorizer.Action;
import org.apache.kafka.server.authorizer.AuthorizableRequestContext;
import org.apache.kafka.server.authorizer.AuthorizationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KRaft {@link StandardAuthorizer}, deciding exactly as it does, that also counts every refusal per principal,
 * operation and resource (JMX {@value #DOMAIN}{@code :type=BrokerRefusals,...}, attribute {@code Count}) and logs the
 * first one of each with who asked from where: a client retrying a refused write shows up as one line and a count,
 * not as a log flood. Only refusals Kafka itself treats as refusals count ({@link Action#logIfDenied()}); a topic
 * filtered out of a principal's metadata listing is not one.
 *
 * <p>Runs inside the broker's JVM: KafkaBrokerProcess copies this class and its MBean next to the broker's class path,
 * so it may use only the JDK, Kafka and slf4j.
 */
public class RefusalCountingAuthorizer extends StandardAuthorizer {

    public static final String DOMAIN = "dev.spotshift";
    /** Past this many distinct (principal, operation, resource) the rest share one count, so memory stays bounded. */
    static final int MAX_KEYS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger("dev.spotshift.broker.refusals");
    // per JVM, not per instance: a combined broker and controller may each build an authorizer, and one MBean name
    // must have one counter
    private static final Map<String, RefusalCount> COUNTS = new ConcurrentHashMap<>();

    @Override
    public List<AuthorizationResult> authorize(AuthorizableRequestContext context, List<Action> actions) {
        List<AuthorizationResult> results = super.authorize(context, actions);
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) == AuthorizationResult.DENIED && actions.get(i).logIfDenied()) {
                refused(context, actions.get(i));
            }
        }
        return results;
    }

    private static void refused(AuthorizableRequestContext context, Action action) {
        String principal = String.valueOf(context.principal());
        String operation = String.valueOf(action.operation());
        String resource = action.resourcePattern().resourceType() + ":" + action.resourcePattern().name();
        String key = principal + "\u0000" + operation + "\u0000" + resource;
        RefusalCount count = COUNTS.get(key);
        if (count == null && COUNTS.size() >= MAX_KEYS) {
            principal = operation = resource = "other";
            key = "other";
            count = COUNTS.get(key);
        }
        if (count == null) {
            RefusalCount created = new RefusalCount(principal, operation, resource);
            count = COUNTS.putIfAbsent(key, created);
            if (count == null) {
                count = created;
                ObjectName name = register(created);
                LOG.warn("refused: {} may not {} {} (from {}, client id {}); no ACL grants it. Logged once for this"
                                + " principal, operation and resource; counted in JMX {}", principal, operation, resource,
                        context.clientAddress(), context.clientId(), name);
            }
        }
        count.increment();
    }

    /** The MBean name of one count: {@code dev.spotshift:type=BrokerRefusals,principal=..,operation=..,resource=..}. */
    public static ObjectName objectName(String principal, String operation, String resource) {
        try {
            return new ObjectName(DOMAIN + ":type=BrokerRefusals,principal=" + ObjectName.quote(principal)
                    + ",operation=" + ObjectName.quote(operation) + ",resource=" + ObjectName.quote(resource));
        } catch (JMException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectName register(RefusalCount count) {
        ObjectName name = objectName(count.getPrincipal(), count.getOperation(), count.getResource());
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(count, name);
        } catch (JMException e) {
            // the refusal stands and is logged; only its count is not visible
            LOG.warn("could not register {} for the refusal count: {}", name, e.toString());
        }
        return name;
    }
}
