package dev.spotshift.cloud.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotshift.cloud.CloudException;
import dev.spotshift.cloud.InterruptionFrequency;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Spot Instance Advisor's published data (spot-advisor-data.json: {@code spot_advisor.<region>.Linux.<type>.r}
 * is the band index 0..4). EC2 has no API for interruption frequency, so operators mount a copy of that file and
 * refresh it; without one every question names the missing setting.
 */
final class SpotAdvisorData {

    private static final String OP = "spot-advisor:InterruptionFrequency";
    private final Optional<JsonNode> root;
    private final String source;

    private SpotAdvisorData(Optional<JsonNode> root, String source) {
        this.root = root;
        this.source = source;
    }

    static SpotAdvisorData load(Optional<Path> file) {
        if (file.isEmpty()) {
            return new SpotAdvisorData(Optional.empty(), null);
        }
        try {
            return new SpotAdvisorData(Optional.of(new ObjectMapper().readTree(file.get().toFile())), file.get().toString());
        } catch (IOException e) {
            throw new IllegalArgumentException(AwsConfig.ADVISOR_FILE + " cannot be read: " + file.get() + ": " + e.getMessage(), e);
        }
    }

    InterruptionFrequency band(String region, String instanceType) {
        JsonNode data = root.orElseThrow(() -> new CloudException(OP, CloudException.Kind.NOT_FOUND,
                "no Spot Advisor data configured (" + AwsConfig.ADVISOR_FILE + ")"));
        JsonNode regionNode = data.path("spot_advisor").path(region);
        if (regionNode.isMissingNode()) {
            throw new CloudException(OP, CloudException.Kind.NOT_FOUND, "unknown region '" + region + "' in " + source);
        }
        JsonNode type = regionNode.path("Linux").path(instanceType);
        if (type.isMissingNode()) {
            throw new CloudException(OP, CloudException.Kind.NOT_FOUND,
                    "unknown instance type '" + instanceType + "' in " + region + " (" + source + ")");
        }
        JsonNode r = type.get("r");
        if (r == null || !r.isInt() || r.asInt() < 0 || r.asInt() >= InterruptionFrequency.values().length) {
            throw CloudException.invalidAnswer(OP, "spot_advisor." + region + ".Linux." + instanceType + ".r",
                    "is not a band index 0..4: " + r);
        }
        return InterruptionFrequency.values()[r.asInt()];
    }
}
