package dev.spotshift.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The operator calls no AWS API: its Deployment runs as an account of its own with no IRSA role, takes no cloud
 * settings, and its module does not depend on the cloud port; on the API server it may touch MigrationPlans only.
 */
class IamFreeDeploymentTest {

    @Test
    void theOperatorRunsAsItsOwnAccountWithNoAwsRoleAndOnlyMigrationPlanRights() throws Exception {
        Map<String, Object> deployment = named(docs("../k8s/base/services.yaml"), "Deployment", "operator");
        Map<String, Object> pod = map(map(map(deployment.get("spec")).get("template")).get("spec"));
        assertThat(pod.get("serviceAccountName")).isEqualTo("spotshift-operator");
        assertThat(pod.toString()).doesNotContain("spotshift-cloud-config", "spotshift-aws");

        List<Map<String, Object>> rbac = docs("../k8s/base/operator-rbac.yaml");
        Map<String, Object> account = named(rbac, "ServiceAccount", "spotshift-operator");
        assertThat(map(account.get("metadata"))).doesNotContainKey("annotations");
        Map<String, Object> role = named(rbac, "ClusterRole", "spotshift-operator");
        for (Object rule : (List<?>) role.get("rules")) {
            assertThat(map(rule).get("apiGroups")).isEqualTo(List.of("spotshift.dev"));
        }
        assertThat(Files.readString(Path.of("pom.xml"))).doesNotContain("<artifactId>cloud</artifactId>", "awssdk");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> docs(String file) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object d : new Yaml().loadAll(Files.readString(Path.of(file)))) {
            if (d != null) {
                out.add((Map<String, Object>) d);
            }
        }
        return out;
    }

    private static Map<String, Object> named(List<Map<String, Object>> docs, String kind, String name) {
        return docs.stream().filter(d -> kind.equals(d.get("kind")) && name.equals(map(d.get("metadata")).get("name")))
                .findFirst().orElseThrow(() -> new AssertionError(kind + "/" + name + " not found"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }
}
