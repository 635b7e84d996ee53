package dev.spotshift.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventBridgeNoticesTest {

    // The example AWS documents for the interruption warning.
    static final String WARNING = """
            {"version":"0","id":"12345678-1234-1234-1234-123456789012",
             "detail-type":"EC2 Spot Instance Interruption Warning","source":"aws.ec2",
             "account":"123456789012","time":"2021-02-03T14:05:06Z","region":"us-east-2",
             "resources":["arn:aws:ec2:us-east-2a:instance/i-1234567890abcdef0"],
             "detail":{"instance-id":"i-1234567890abcdef0","instance-action":"terminate"}}""";

    @Test
    void parsesAnInterruptionWarningWithItsDeadline() {
        InterruptionNotice n = EventBridgeNotices.parse(WARNING);
        assertThat(n).isEqualTo(new InterruptionNotice("12345678-1234-1234-1234-123456789012", "i-1234567890abcdef0",
                NoticeKind.INTERRUPTION_WARNING, "us-east-2", Instant.parse("2021-02-03T14:05:06Z"),
                Instant.parse("2021-02-03T14:07:06Z"), "terminate"));
    }

    @Test
    void parsesARebalanceRecommendationWithoutDeadline() {
        InterruptionNotice n = EventBridgeNotices.parse("""
                {"version":"0","id":"abc","detail-type":"EC2 Instance Rebalance Recommendation","source":"aws.ec2",
                 "time":"2021-02-03T14:05:06Z","region":"us-east-1","detail":{"instance-id":"i-0abc"}}""");
        assertThat(n.kind()).isEqualTo(NoticeKind.REBALANCE_RECOMMENDATION);
        assertThat(n.deadline()).isNull();
        assertThat(n.instanceId()).isEqualTo("i-0abc");
    }

    @Test
    void writesJsonItCanReadBack() {
        InterruptionNotice n = EventBridgeNotices.parse(WARNING);
        assertThat(EventBridgeNotices.parse(EventBridgeNotices.toJson(n, "123456789012"))).isEqualTo(n);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json at all|not JSON",
        "[1,2]|not a JSON object",
        "{\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.ec2\"}|unsupported detail-type",
        "{\"detail-type\":\"EC2 Spot Instance Interruption Warning\",\"source\":\"aws.ec2\",\"id\":\"x\",\"time\":\"yesterday\"}|'time'",
        "{\"detail-type\":\"EC2 Spot Instance Interruption Warning\",\"source\":\"aws.ec2\",\"id\":\"x\",\"time\":\"2021-02-03T14:05:06Z\"}|'detail'",
        "{\"detail-type\":\"EC2 Spot Instance Interruption Warning\",\"source\":\"aws.ec2\",\"id\":\"x\",\"time\":\"2021-02-03T14:05:06Z\",\"detail\":{\"instance-id\":\"vol-1\"}}|'detail.instance-id'",
        "{\"detail-type\":\"EC2 Spot Instance Interruption Warning\",\"source\":\"aws.ec2\",\"id\":\"x\",\"time\":\"2021-02-03T14:05:06Z\",\"detail\":{\"instance-id\":\"i-1\"}}|'instance-action'",
        "{\"detail-type\":\"EC2 Spot Instance Interruption Warning\",\"source\":\"custom.app\"}|'source'"
    })
    void rejectsAMalformedEventNamingTheReason(String body, String reason) {
        assertThatThrownBy(() -> EventBridgeNotices.parse(body))
                .isInstanceOf(EventBridgeNotices.MalformedNoticeException.class).hasMessageContaining(reason);
    }
}
