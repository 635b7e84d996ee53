package dev.spotshift.cloud.aws;

import dev.spotshift.cloud.BreakerSnapshot;
import dev.spotshift.cloud.CapacityManager;
import dev.spotshift.cloud.CheckpointStore;
import dev.spotshift.cloud.Cloud;
import dev.spotshift.cloud.MetricsSource;
import dev.spotshift.cloud.NoticeSource;
import dev.spotshift.cloud.SpotMarket;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;

/** The port on AWS: aws-sdk-java-v2 clients behind plain interfaces; no SDK type leaves this package. */
public final class AwsCloud implements Cloud {

    private final AwsClients clients;
    private final AwsSpotMarket market;
    private final AwsCapacity capacity;
    private final AwsCheckpoints checkpoints;
    private final AwsMetrics metrics;
    private final AwsNotices notices;

    AwsCloud(AwsConfig config, ClientOverrideConfiguration extra) {
        this.clients = new AwsClients(config, extra);
        this.market = new AwsSpotMarket(clients, SpotAdvisorData.load(config.advisorFile()));
        this.capacity = new AwsCapacity(clients, config);
        this.checkpoints = new AwsCheckpoints(clients);
        this.metrics = new AwsMetrics(clients);
        this.notices = new AwsNotices(clients, config.noticeQueueUrl());
    }

    public static AwsCloud fromConfig(Map<String, String> config) {
        return new AwsCloud(AwsConfig.from(config), null);
    }

    @Override
    public SpotMarket market() {
        return market;
    }

    @Override
    public CapacityManager capacity() {
        return capacity;
    }

    @Override
    public CheckpointStore checkpoints() {
        return checkpoints;
    }

    @Override
    public MetricsSource metrics() {
        return metrics;
    }

    @Override
    public NoticeSource notices() {
        return notices;
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public List<BreakerSnapshot> breakers() {
        return clients.breakers();
    }

    @Override
    public String kind() {
        return "aws";
    }

    @Override
    public void close() {
        clients.close();
    }
}
