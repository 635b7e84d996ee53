package dev.spotshift.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads and writes the EventBridge events of EC2 spot interruptions. Shared by the SQS source, the simulated
 * queue and the demo's workload simulator, so all of them agree on one shape.
 */
public final class EventBridgeNotices {

    public static final String WARNING_DETAIL_TYPE = "EC2 Spot Instance Interruption Warning";
    public static final String REBALANCE_DETAIL_TYPE = "EC2 Instance Rebalance Recommendation";
    /** AWS stops or terminates the instance two minutes after the warning. */
    public static final Duration NOTICE_PERIOD = Duration.ofSeconds(120);

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventBridgeNotices() {
    }

    /** Parses one event; a body we cannot use raises {@link MalformedNoticeException} with the reason. */
    public static InterruptionNotice parse(String body) {
        if (body == null || body.isBlank()) {
            throw new MalformedNoticeException("empty message body");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new MalformedNoticeException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedNoticeException("not a JSON object");
        }
        String detailType = text(root, "detail-type");
        NoticeKind kind = switch (detailType) {
            case WARNING_DETAIL_TYPE -> NoticeKind.INTERRUPTION_WARNING;
            case REBALANCE_DETAIL_TYPE -> NoticeKind.REBALANCE_RECOMMENDATION;
            default -> throw new MalformedNoticeException("unsupported detail-type '" + detailType + "'");
        };
        String source = text(root, "source");
        if (!"aws.ec2".equals(source)) {
            throw new MalformedNoticeException("field 'source' is '" + source + "', expected 'aws.ec2'");
        }
        String id = text(root, "id");
        Instant time = instant(text(root, "time"), "time");
        JsonNode detail = root.get("detail");
        if (detail == null || !detail.isObject()) {
            throw new MalformedNoticeException("missing field 'detail'");
        }
        String instanceId = text(detail, "instance-id");
        if (!instanceId.startsWith("i-")) {
            throw new MalformedNoticeException("field 'detail.instance-id' is not an instance id: '" + instanceId + "'");
        }
        String region = root.hasNonNull("region") ? root.get("region").asText() : null;
        if (kind == NoticeKind.INTERRUPTION_WARNING) {
            String action = text(detail, "instance-action");
            return new InterruptionNotice(id, instanceId, kind, region, time, time.plus(NOTICE_PERIOD), action);
        }
        return new InterruptionNotice(id, instanceId, kind, region, time, null, null);
    }

    /** The EventBridge JSON for a notice, as AWS would deliver it to the queue. */
    public static String toJson(InterruptionNotice notice, String account) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "0");
        root.put("id", notice.eventId());
        root.put("detail-type", notice.kind() == NoticeKind.INTERRUPTION_WARNING
                ? WARNING_DETAIL_TYPE : REBALANCE_DETAIL_TYPE);
        root.put("source", "aws.ec2");
        root.put("account", account);
        root.put("time", notice.time().toString());
        root.put("region", notice.region());
        root.putArray("resources").add("arn:aws:ec2:" + notice.region() + ":" + account
                + ":instance/" + notice.instanceId());
        ObjectNode detail = root.putObject("detail");
        detail.put("instance-id", notice.instanceId());
        if (notice.kind() == NoticeKind.INTERRUPTION_WARNING) {
            detail.put("instance-action", notice.action() == null ? "terminate" : notice.action());
        }
        return root.toString();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new MalformedNoticeException("missing field '" + field + "'");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new MalformedNoticeException("field '" + field + "' is not a non-empty string");
        }
        return value.asText();
    }

    private static Instant instant(String value, String field) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new MalformedNoticeException("field '" + field + "' is not an ISO-8601 instant: '" + value + "'");
        }
    }

    /** Why a message is not a notice. */
    public static final class MalformedNoticeException extends RuntimeException {
        public MalformedNoticeException(String reason) {
            super(reason);
        }
    }
}
