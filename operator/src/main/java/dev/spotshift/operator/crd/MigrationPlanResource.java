package dev.spotshift.operator.crd;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A migration plan as a Kubernetes object: {@code spec} is a plan file's body (everything but {@code apiVersion} and
 * {@code kind}, which the resource already has), {@code status} what migration-status says of its migrations.
 * The spec is kept as the user wrote it (the schema preserves unknown fields) because the operator checks it with
 * the same plan parser as the CLI and the REST intake, and answers with located errors in the status, which the
 * API server's own schema validation could not give.
 */
@Group("spotshift.dev")
@Version("v1")
@Kind("MigrationPlan")
@Plural("migrationplans")
@ShortNames("mplan")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class MigrationPlanResource extends CustomResource<JsonNode, MigrationPlanStatus> implements Namespaced {
}
