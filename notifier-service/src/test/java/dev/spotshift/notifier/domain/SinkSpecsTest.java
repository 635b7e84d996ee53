package dev.spotshift.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkSpecsTest {

    private static final String P = "spotshift.notifier.sinks";

    @Test
    void readsAWebhookASlackHookAndAnSnsTopicWithTheirRoutes() {
        // Given three sinks, one routed to a workload and to rollbacks only
        Map<String, String> settings = Map.of(
                P + ".ops.type", "webhook", P + ".ops.url", "https://hooks.example.test/spotshift", P + ".ops.secret", "s3cret",
                P + ".chat.type", "slack", P + ".chat.url", "https://chat.example.test/hook", P + ".chat.plans", "nightly-etl, plan-2",
                P + ".pager.type", "sns", P + ".pager.topic-arn", "arn:aws:sns:eu-west-1:123456789012:spotshift-pager",
                P + ".pager.kinds", "rollback,money-leak", P + ".pager.per-minute", "5");

        // When they are read
        SinkSpecs.Parsed parsed = SinkSpecs.parse(P, settings, false);

        // Then all three are there with what they want
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.sinks()).extracting(SinkSpec::name).containsExactly("chat", "ops", "pager");
        SinkSpec pager = parsed.sinks().get(2);
        assertThat(pager.kinds()).containsExactlyInAnyOrder(Notification.Kind.ROLLBACK, Notification.Kind.MONEY_LEAK);
        assertThat(pager.perMinute()).isEqualTo(5);
        assertThat(parsed.sinks().get(0).plans()).containsExactlyInAnyOrder("nightly-etl", "plan-2");
    }

    @Test
    void aSinkUrlThatIsNotHttpsIsALocatedErrorOutsideTests() {
        Map<String, String> settings = Map.of(P + ".ops.type", "slack", P + ".ops.url", "http://chat.example.test/hook");

        assertThat(SinkSpecs.parse(P, settings, false).errors())
                .containsExactly(P + ".ops.url: 'http://chat.example.test/hook' is not https (plain http is allowed in tests only)");
        assertThat(SinkSpecs.parse(P, settings, true).errors()).isEmpty();
    }

    @Test
    void everyMistakeIsReportedWithTheSettingItIsIn() {
        Map<String, String> settings = Map.of(
                P + ".a.type", "pager",
                P + ".b.type", "webhook", P + ".b.url", "https://hooks.example.test/x",
                P + ".c.type", "sns", P + ".c.topic-arn", "spotshift-pager",
                P + ".d.type", "slack", P + ".d.url", "ftp://x", P + ".d.kinds", "gossip", P + ".d.per-minute", "many",
                P + ".e.colour", "blue");

        SinkSpecs.Parsed parsed = SinkSpecs.parse(P, settings, false);

        assertThat(parsed.sinks()).isEmpty();
        assertThat(parsed.errors()).containsExactlyInAnyOrder(
                P + ".a.type: 'pager' is not a sink type (webhook, slack or sns)",
                P + ".b.secret: a webhook signs every body; give it the shared secret",
                P + ".c.topic-arn: 'spotshift-pager' is not an SNS topic ARN",
                P + ".d.url: 'ftp://x' is not an http(s) URL with a host",
                P + ".d.kinds: 'gossip' is not a kind of notification ([STATUS, ROLLBACK, REVIEW, BUDGET, MONEY_LEAK])",
                P + ".d.per-minute: 'many' is not a whole number",
                P + ".e.colour: unknown setting (a sink takes kinds, per-minute, plans, secret, topic-arn, type, url)");
    }
}
