package dev.spotshift.notifier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.spotshift.cloud.testing.Moto;
import dev.spotshift.cloud.testing.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What the notifier's sinks send to in tests, all on 127.0.0.1: a JDK HTTP server with a webhook receiver (ops), a
 * Slack-style hook (chat) and a receiver that refuses its first two calls (flaky); moto with an SNS topic whose
 * messages land in a subscribed SQS queue; a port where nothing listens (gone); and a receiver of money leaks only. Started before Quarkus, so the
 * sinks' settings can name them.
 */
public class Receivers implements QuarkusTestResourceLifecycleManager {

    public static final String SECRET = "test-webhook-secret";
    public static final String UNREACHABLE_PLAN = "plan-whose-sink-is-gone";
    private static Receivers current;

    /** One call a receiver got. */
    public record Call(String path, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    public final List<Call> calls = new CopyOnWriteArrayList<>();
    public final AtomicInteger flakyRefusalsLeft = new AtomicInteger(2);
    private HttpServer http;
    private Moto moto;
    public String queueUrl;

    public static Receivers current() {
        return current;
    }

    @Override
    public Map<String, String> start() {
        current = this;
        try {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.createContext("/", this::receive);
        http.start();
        moto = Moto.start();
        String topicArn;
        try (SnsClient sns = SnsClient.builder().region(moto.region()).credentialsProvider(moto.credentials())
                .endpointOverride(moto.endpoint()).httpClientBuilder(ApacheHttpClient.builder()).build();
             SqsClient sqs = SqsClient.builder().region(moto.region()).credentialsProvider(moto.credentials())
                .endpointOverride(moto.endpoint()).httpClientBuilder(ApacheHttpClient.builder()).build()) {
            topicArn = sns.createTopic(b -> b.name("spotshift-pager")).topicArn();
            queueUrl = sqs.createQueue(b -> b.queueName("pager-inbox")).queueUrl();
            String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
        }
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        String s = "spotshift.notifier.sinks.";
        Map<String, String> c = new HashMap<>();
        c.put(s + "ops.type", "webhook");
        c.put(s + "ops.url", base + "/ops");
        c.put(s + "ops.secret", SECRET);
        c.put(s + "ops.kinds", "ROLLBACK");
        c.put(s + "flaky.type", "webhook");
        c.put(s + "flaky.url", base + "/flaky");
        c.put(s + "flaky.secret", SECRET);
        c.put(s + "flaky.kinds", "ROLLBACK");
        c.put(s + "chat.type", "slack");
        c.put(s + "chat.url", base + "/chat");
        c.put(s + "chat.kinds", "ROLLBACK");
        c.put(s + "pager.type", "sns");
        c.put(s + "pager.topic-arn", topicArn);
        c.put(s + "pager.kinds", "ROLLBACK");
        c.put(s + "gone.type", "webhook");
        c.put(s + "gone.url", "http://127.0.0.1:" + Ports.free() + "/nobody-listens");
        c.put(s + "gone.secret", SECRET);
        c.put(s + "gone.plans", UNREACHABLE_PLAN);
        c.put(s + "leaks.type", "webhook");
        c.put(s + "leaks.url", base + "/leaks");
        c.put(s + "leaks.secret", SECRET);
        c.put(s + "leaks.kinds", "MONEY_LEAK");
        c.put("spotshift.notifier.sns.endpoint-override", moto.endpoint().toString());
        return c;
    }

    public SqsClient sqs() {
        return SqsClient.builder().region(moto.region()).credentialsProvider(moto.credentials())
                .endpointOverride(moto.endpoint()).httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    private void receive(HttpExchange x) throws IOException {
        byte[] body = x.getRequestBody().readAllBytes();
        String path = x.getRequestURI().getPath();
        calls.add(new Call(path, Map.copyOf(x.getRequestHeaders()), body));
        int status = path.equals("/flaky") && flakyRefusalsLeft.getAndDecrement() > 0 ? 503 : 200;
        byte[] answer = (status == 200 ? "ok" : "try later").getBytes();
        x.sendResponseHeaders(status, answer.length);
        x.getResponseBody().write(answer);
        x.close();
    }

    @Override
    public void stop() {
        if (http != null) {
            http.stop(0);
        }
        if (moto != null) {
            moto.close();
        }
    }
}
