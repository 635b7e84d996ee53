package dev.spotshift.cloud.aws;

import dev.spotshift.cloud.testing.Moto;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;

/** Shared settings of the emulator tests: one region, fixed test credentials given through the default chain. */
final class Emulated {

    static final String REGION = Moto.REGION;
    static final String ACCESS_KEY = Moto.ACCESS_KEY;
    static final String SECRET_KEY = Moto.SECRET_KEY;

    static {
        // The cloud under test reads credentials from the default provider chain, as in production; system
        // properties are the chain's first link.
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
    }

    private Emulated() {
    }

    static Map<String, String> config(URI endpoint) {
        return Moto.config(endpoint);
    }

    static AwsCloud cloud(Map<String, String> config) {
        return cloud(config, null);
    }

    static AwsCloud cloud(Map<String, String> config, ClientOverrideConfiguration extra) {
        return new AwsCloud(AwsConfig.from(config), extra);
    }

    /** For test set-up done beside the port (creating groups, queues, buckets). */
    static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    static Region region() {
        return Region.of(REGION);
    }
}
