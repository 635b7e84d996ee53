package dev.spotshift.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Starts java-operator-sdk with Quarkus's Kubernetes client (the one the chart's service account, or a test's mock
 * server, configures) and registers the MigrationPlan reconciler; stops it with the process.
 */
@ApplicationScoped
public class OperatorLifecycle {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(OperatorLifecycle.class);

    /** The finalizer that holds a deletion until the abort of a live migration is on the broker. */
    public static final String FINALIZER = "migrationplans.spotshift.dev/abort-live";

    private final KubernetesClient client;
    private final MigrationPlanReconciler reconciler;
    private final Optional<Set<String>> namespaces;
    private final String kubeconfig;
    private Operator operator;

    public OperatorLifecycle(KubernetesClient client, MigrationPlanReconciler reconciler,
                             @ConfigProperty(name = "spotshift.operator.namespaces") Optional<Set<String>> namespaces,
                             @ConfigProperty(name = "spotshift.operator.kubeconfig") String kubeconfig) {
        this.client = client;
        this.kubeconfig = kubeconfig;
        this.reconciler = reconciler;
        this.namespaces = namespaces;
    }

    void start(@Observes StartupEvent event) {
        operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false)
                // Status is written as a JSON merge patch: what the operator computes is the whole status.
                .withUseSSAToPatchPrimaryResource(false));
        operator.register(reconciler, c -> {
            c.withName("migrationplans").withFinalizer(FINALIZER);
            if (namespaces.isPresent() && !namespaces.get().isEmpty()) {
                c.settingNamespaces(namespaces.get());
            } else {
                c.watchingAllNamespaces();
            }
        });
        operator.start();
        LOG.infof("watching MigrationPlans in %s at %s (%s)", namespaces.map(Object::toString).orElse("every namespace"),
                client.getMasterUrl(), kubeconfig);
    }

    void stop(@Observes ShutdownEvent event) {
        if (operator != null) {
            operator.stop();
        }
    }

    public boolean running() {
        return operator != null;
    }
}
