package dev.spotshift.schemas;

import io.apicurio.registry.resolver.DefaultSchemaResolver;
import io.apicurio.registry.resolver.ParsedSchema;
import io.apicurio.registry.resolver.ParsedSchemaImpl;
import io.apicurio.registry.resolver.SchemaLookupResult;
import io.apicurio.registry.resolver.SchemaParser;
import io.apicurio.registry.resolver.data.Record;
import io.apicurio.registry.resolver.strategy.ArtifactReference;
import io.apicurio.registry.rest.client.exception.NotFoundException;
import io.apicurio.registry.rest.v2.beans.VersionMetaData;
import io.apicurio.registry.serde.data.KafkaSerdeMetadata;
import io.apicurio.registry.utils.IoUtil;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;

/**
 * Apicurio's schema resolver with the writer's lookups cached by the record's schema object. The default resolver
 * (2.6) asks its cache and then, whatever the cache answered, also evaluates the registry path
 * ({@code Optional.orElse(getSchemaFromRegistry(...))}), which renders the schema's text and looks it up by content for
 * every record written: 13.5 % of the monitor's CPU in the 2026-12-06 profile, 12.1 % of it the text alone. A record
 * of a generated class carries its class's one schema instance, so topic, key-or-value and that instance name one
 * artifact version: the first record of each resolves it as before (a registry that fails is not cached: the record
 * fails as it did), every later one is a map read.
 *
 * <p>With auto-register off (production: the publishing step registered every schema) it looks the schema up itself,
 * by the self-contained text of the record's schema ({@link Schema#toString()}, nested records inlined), which is what
 * the publishing step registers ({@code apicurio.registry.dereference-schema}, {@link EventSerdes#config}). Apicurio
 * 2.6's own lookup sends the text that names nested records instead of inlining them, whatever that setting says, and
 * so finds no version of a schema with nested records (agent-votes, migration-decisions). A schema not in the registry
 * fails the record with {@link SchemaNotPublishedException}, naming the artifact.
 */
public class CachingSchemaResolver<S, T> extends DefaultSchemaResolver<S, T> {

    /** Far more than the catalog's topics times their schemas: a bound against a producer of ad-hoc schemas. */
    private static final int MAX_ENTRIES = 1_024;

    private record Key(String topic, boolean isKey, Object schema) {
        @Override
        public boolean equals(Object o) {
            // the schema by identity: a generated class's schema is one instance; deep equality would cost a walk
            return o instanceof Key k && k.schema == schema && k.isKey == isKey && k.topic.equals(topic);
        }

        @Override
        public int hashCode() {
            return topic.hashCode() * 31 + System.identityHashCode(schema) + (isKey ? 1 : 0);
        }
    }

    private final Map<Key, SchemaLookupResult<S>> resolved = new ConcurrentHashMap<>();
    private boolean lookUpSelfContained;

    @Override
    public void configure(Map<String, ?> configs, SchemaParser<S, T> parser) {
        super.configure(configs, parser);
        // only the plain "find the version with this content" case; the serde's other modes stay Apicurio's own
        lookUpSelfContained = !config.autoRegisterArtifact() && !config.findLatest()
                && config.getExplicitArtifactVersion() == null && config.getExplicitSchemaLocation() == null;
    }

    @Override
    public SchemaLookupResult<S> resolveSchema(Record<T> data) {
        if (!(data.payload() instanceof GenericContainer container) || !(data.metadata() instanceof KafkaSerdeMetadata m)
                || m.getTopic() == null) {
            return super.resolveSchema(data);
        }
        Key key = new Key(m.getTopic(), m.isKey(), container.getSchema());
        SchemaLookupResult<S> found = resolved.get(key);
        if (found != null) {
            return found;
        }
        SchemaLookupResult<S> result = lookUpSelfContained ? lookUp(data, container.getSchema()) : super.resolveSchema(data);
        if (resolved.size() >= MAX_ENTRIES) {
            resolved.clear();
        }
        resolved.put(key, result);
        return result;
    }

    @SuppressWarnings("unchecked")
    private SchemaLookupResult<S> lookUp(Record<T> data, Schema schema) {
        String selfContained = schema.toString();
        ParsedSchema<S> parsed = new ParsedSchemaImpl<S>().setParsedSchema((S) schema)
                .setReferenceName(schema.getFullName()).setRawSchema(IoUtil.toBytes(selfContained));
        ArtifactReference artifact = resolveArtifactReference(data, parsed, false, null);
        VersionMetaData version;
        try {
            version = client.getArtifactVersionMetaDataByContent(artifact.getGroupId(), artifact.getArtifactId(), true,
                    IoUtil.toStream(selfContained));
        } catch (NotFoundException e) {
            throw new SchemaNotPublishedException(artifact.getGroupId(), artifact.getArtifactId(), schema.getFullName(), e);
        }
        SchemaLookupResult.SchemaLookupResultBuilder<S> result = SchemaLookupResult.builder();
        loadFromArtifactMetaData(version, result);
        return result.parsedSchema(parsed).build();
    }

    /** A writer's schema is not in the registry and the serde may not register it. */
    public static final class SchemaNotPublishedException extends RuntimeException {
        SchemaNotPublishedException(String group, String artifactId, String schemaName, NotFoundException cause) {
            super("schema " + schemaName + " is not in the registry as artifact " + (group == null ? "default" : group)
                    + "/" + artifactId + " (" + cause.getMessage() + "); this serde only looks schemas up (auto-register"
                    + " off): publish them first (spotshift schemas publish, SchemaPreregistration.publish)", cause);
        }
    }

    @Override
    public void reset() {
        resolved.clear();
        super.reset();
    }
}
