package dev.spotshift.operator;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.util.function.Consumer;

/** Installs the generated MigrationPlan CRD in the mock API server before the operator starts watching. */
public class MigrationPlanCrd implements Consumer<KubernetesServer> {

    static final String GENERATED = "/META-INF/fabric8/migrationplans.spotshift.dev-v1.yml";

    @Override
    public void accept(KubernetesServer server) {
        try (InputStream in = MigrationPlanCrd.class.getResourceAsStream(GENERATED)) {
            CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
            server.getClient().apiextensions().v1().customResourceDefinitions().resource(crd).create();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the build writes " + GENERATED, e);
        }
    }
}
