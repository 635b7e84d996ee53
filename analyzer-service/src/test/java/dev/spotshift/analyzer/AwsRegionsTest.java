package dev.spotshift.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotshift.schemas.plan.AwsRegions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class AwsRegionsTest {

    @Test
    void theKnownRegionsAreTheAwsSdksRegions() {
        var sdk = Region.regions().stream().filter(r -> !r.isGlobalRegion()).map(Region::id).toList();

        assertThat(AwsRegions.KNOWN).containsExactlyInAnyOrderElementsOf(sdk);
    }
}
