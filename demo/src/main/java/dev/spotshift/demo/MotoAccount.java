package dev.spotshift.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.spotshift.cloud.CloudFactory;
import dev.spotshift.infra.ChildJvm;
import dev.spotshift.simulator.aws.EmulatorApi;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An AWS account for the demo and the e2e tests: moto's server (the machine's pyenv Python) on a loopback port,
 * behind a small HTTP hop that answers the one call the analyzer needs and moto lacks (EC2
 * GetSpotPlacementScores, a fixed score of {@value #PLACEMENT_SCORE}); everything else reaches moto unchanged.
 * It holds what the world around Spotshift would hold on a real account: the Auto Scaling group, the checkpoint
 * bucket, the EventBridge rule's SQS queue, the Spot Instance Advisor's data (EC2 has no API for it). Its groups'
 * instances follow their on-demand/spot distribution ({@link MotoSpotMix}), which moto alone does not do.
 *
 * <p>What moto does not model, and how the runs on it live with that: spot prices are fixed (no variation to
 * judge), Auto Scaling launches every instance on-demand whatever the distribution says (the spot mix swaps them
 * here, from outside, as AWS would), and nothing interrupts an instance (the notice is put on the queue by the
 * scenario).
 */
public final class MotoAccount implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "spotshift-demo";
    public static final String SECRET_KEY = "spotshift-demo-secret";
    static final int PLACEMENT_SCORE = 8;
    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect",
            "transfer-encoding", "upgrade");

    private final Process moto;
    private final Path log;
    private final URI motoEndpoint;
    private final HttpServer front;
    private final ExecutorService handlers;
    private final HttpClient http = HttpClient.newHttpClient();
    private final EmulatorApi api;
    private final Path advisorFile;
    private String imageId;
    /** The Query calls the services made (not the world's own), in arrival order: action and form body. */
    private final java.util.Queue<String[]> serviceCalls = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private MotoSpotMix spotMix;
    private volatile java.util.function.Consumer<String> progress = line -> { };

    private MotoAccount(Process moto, Path log, URI motoEndpoint, HttpServer front, ExecutorService handlers,
                        Path advisorFile) {
        this.moto = moto;
        this.log = log;
        this.motoEndpoint = motoEndpoint;
        this.front = front;
        this.handlers = handlers;
        this.advisorFile = advisorFile;
        this.api = new EmulatorApi(endpoint(), REGION);
    }

    /** The Python that runs moto: -Dspotshift.moto.python, SPOTSHIFT_MOTO_PYTHON, else the machine's pyenv one. */
    static String python() {
        return System.getProperty("spotshift.moto.python",
                System.getenv().getOrDefault("SPOTSHIFT_MOTO_PYTHON", "/root/.pyenv/shims/python3"));
    }

    public static MotoAccount start() {
        String python = python();
        if (!new File(python).canExecute()) {
            throw new IllegalStateException("moto needs a Python with moto 5.x and its server extras: none at " + python
                    + " (set -Dspotshift.moto.python or SPOTSHIFT_MOTO_PYTHON)");
        }
        // The services and this JVM find credentials through the SDK's default chain, as in production; moto takes any.
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
        int port = ChildJvm.freePort();
        Process p = null;
        try {
            Path log = Files.createTempFile("spotshift-moto-", ".log");
            p = new ProcessBuilder(python, "-m", "moto.server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            awaitPort(p, port, log);
            ExecutorService handlers = Executors.newFixedThreadPool(8, r -> {
                Thread t = new Thread(r, "moto-front");
                t.setDaemon(true);
                return t;
            });
            HttpServer front = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            front.setExecutor(handlers);
            Path advisor = Files.createTempFile("spotshift-spot-advisor-", ".json");
            Files.writeString(advisor, advisorData(List.of("m5.large", "m5a.large", "m5n.large", "m5d.large",
                    "c5.large", "r5.large", "t3.large")));
            MotoAccount account = new MotoAccount(p, log, URI.create("http://127.0.0.1:" + port), front, handlers, advisor);
            front.createContext("/", account::handle);
            front.start();
            return account;
        } catch (IOException e) {
            if (p != null) {
                p.destroyForcibly();
            }
            throw new UncheckedIOException("cannot start moto with " + python, e);
        }
    }

    private static void awaitPort(Process p, int port, Path log) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("moto exited with " + p.exitValue() + ": " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted waiting for moto", e);
                }
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("moto not listening on " + port + " after 60 s: " + Files.readString(log));
    }

    /** Where every client of the account connects (the hop in front of moto). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + front.getAddress().getPort());
    }

    public EmulatorApi api() {
        return api;
    }

    /** The services' configuration of the AWS implementation against this account. */
    public Map<String, String> serviceConfig(String noticeQueueUrl) {
        Map<String, String> c = new HashMap<>();
        c.put(CloudFactory.KIND, "aws");
        c.put(CloudFactory.AWS_REGION, REGION);
        c.put(CloudFactory.AWS_ENDPOINT_OVERRIDE, endpoint().toString());
        c.put(CloudFactory.AWS_S3_ENDPOINT_OVERRIDE, endpoint().toString());
        c.put(CloudFactory.AWS_NOTICE_QUEUE_URL, noticeQueueUrl);
        c.put("spotshift.cloud.aws.advisor-file", advisorFile.toString());
        c.put("spotshift.cloud.aws.image-id", imageId());
        c.put("aws.accessKeyId", ACCESS_KEY);
        c.put("aws.secretAccessKey", SECRET_KEY);
        return c;
    }

    /** An image moto knows, for launch templates and replacements. */
    public synchronized String imageId() {
        if (imageId == null) {
            imageId = EmulatorApi.element(api.query("ec2", "DescribeImages", "2016-11-15", Map.of()), "imageId");
        }
        return imageId;
    }

    /**
     * An Auto Scaling group on a MixedInstancesPolicy, all on-demand (100 % above a base of 0), as a workload runs
     * before its migration: launch template {@code <name>-lt} of the first type, the others as overrides.
     */
    public void createGroup(String name, List<String> types, int desired, List<String> zones) {
        spotMix().watch(name);
        Map<String, String> lt = new LinkedHashMap<>();
        lt.put("LaunchTemplateName", name + "-lt");
        lt.put("LaunchTemplateData.ImageId", imageId());
        lt.put("LaunchTemplateData.InstanceType", types.get(0));
        api.query("ec2", "CreateLaunchTemplate", "2016-11-15", lt);
        Map<String, String> g = new LinkedHashMap<>();
        g.put("AutoScalingGroupName", name);
        g.put("MinSize", "0");
        g.put("MaxSize", Integer.toString(desired + 2));
        g.put("DesiredCapacity", Integer.toString(desired));
        for (int i = 0; i < zones.size(); i++) {
            g.put("AvailabilityZones.member." + (i + 1), zones.get(i));
        }
        String mip = "MixedInstancesPolicy.";
        g.put(mip + "LaunchTemplate.LaunchTemplateSpecification.LaunchTemplateName", name + "-lt");
        g.put(mip + "LaunchTemplate.LaunchTemplateSpecification.Version", "$Latest");
        for (int i = 0; i < types.size(); i++) {
            g.put(mip + "LaunchTemplate.Overrides.member." + (i + 1) + ".InstanceType", types.get(i));
        }
        g.put(mip + "InstancesDistribution.OnDemandAllocationStrategy", "prioritized");
        g.put(mip + "InstancesDistribution.OnDemandBaseCapacity", "0");
        g.put(mip + "InstancesDistribution.OnDemandPercentageAboveBaseCapacity", "100");
        g.put(mip + "InstancesDistribution.SpotAllocationStrategy", "price-capacity-optimized");
        api.query("autoscaling", "CreateAutoScalingGroup", "2011-01-01", g);
    }

    /** Where the account says what it does on moto's behalf (the spot mix of its groups). */
    public void logTo(java.util.function.Consumer<String> progress) {
        this.progress = progress;
    }

    private synchronized MotoSpotMix spotMix() {
        if (spotMix == null) {
            spotMix = new MotoSpotMix(api, imageId(), line -> progress.accept(line));
        }
        return spotMix;
    }

    /** The checkpoint bucket (path style). */
    public void createBucket(String bucket) {
        api.s3("PUT", "/" + bucket);
    }

    /** A queue as the EventBridge rule's target; its URL. */
    public String createQueue(String name) {
        return EmulatorApi.element(api.query("sqs", "CreateQueue", "2012-11-05", Map.of("QueueName", name)), "QueueUrl");
    }

    /** Puts a message on the queue, as EventBridge does when EC2 sends a notice. */
    public void send(String queueUrl, String body) {
        api.query("sqs", "SendMessage", "2012-11-05", Map.of("QueueUrl", queueUrl, "MessageBody", body));
    }

    /** An EventBridge "EC2 Spot Instance Interruption Warning" for {@code instanceId}, as the rule puts it on the queue. */
    public static String interruptionWarning(String instanceId, java.time.Instant now) {
        return dev.spotshift.cloud.EventBridgeNotices.toJson(new dev.spotshift.cloud.InterruptionNotice(
                java.util.UUID.randomUUID().toString(), instanceId, dev.spotshift.cloud.NoticeKind.INTERRUPTION_WARNING,
                REGION, now, now.plusSeconds(120), "terminate"), "123456789012");
    }

    private static String advisorData(List<String> types) {
        StringBuilder s = new StringBuilder("{\"spot_advisor\":{\"" + REGION + "\":{\"Linux\":{");
        for (int i = 0; i < types.size(); i++) {
            s.append(i == 0 ? "" : ",").append('"').append(types.get(i)).append("\":{\"s\":70,\"r\":0}");
        }
        return s.append("}}}}").toString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String text = new String(body, StandardCharsets.UTF_8);
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            int action = text.indexOf("Action=");
            if (action >= 0 && (auth == null || !auth.contains(EmulatorApi.WORLD_KEY + "/"))) {
                int end = text.indexOf('&', action);
                serviceCalls.add(new String[] {text.substring(action + 7, end < 0 ? text.length() : end), text});
            }
            if (text.contains("Action=GetSpotPlacementScores")) {
                reply(exchange, 200, "text/xml", placementScores(text).getBytes(StandardCharsets.UTF_8));
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(motoEndpoint.resolve(exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase())) {
                    values.forEach(v -> forward.header(name, v));
                }
            });
            HttpResponse<byte[]> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            // A HEAD answer has no body to measure: its Content-Length is moto's (S3 HeadObject's object size).
            boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
            answer.headers().map().forEach((name, values) -> {
                boolean length = head && name.equalsIgnoreCase("content-length");
                if ((length || !HOP_HEADERS.contains(name.toLowerCase())) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            exchange.getResponseBody().write(answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange exchange, int status, String type, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String placementScores(String request) {
        StringBuilder items = new StringBuilder();
        for (String part : request.split("&")) {
            if (part.startsWith("RegionName")) {
                String region = java.net.URLDecoder.decode(part.substring(part.indexOf('=') + 1), StandardCharsets.UTF_8);
                items.append("<item><region>").append(region).append("</region><score>").append(PLACEMENT_SCORE)
                        .append("</score></item>");
            }
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><GetSpotPlacementScoresResponse "
                + "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>spotshift-demo</requestId>"
                + "<spotPlacementScoreSet>" + items + "</spotPlacementScoreSet></GetSpotPlacementScoresResponse>";
    }

    /**
     * The form bodies of the Query calls ({@code action}, e.g. UpdateAutoScalingGroup) that the services made
     * through this account, in order; the world's own calls (group set-up, spot mix, metrics) are not among them.
     */
    public List<String> serviceCalls(String action) {
        return serviceCalls.stream().filter(c -> c[0].equals(action)).map(c -> c[1]).toList();
    }

    /** moto's own log, for a failure message. */
    public Path log() {
        return log;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (spotMix != null) {
                spotMix.close();
            }
        }
        front.stop(0);
        handlers.shutdownNow();
        moto.destroy();
        try {
            if (!moto.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                moto.destroyForcibly();
            }
        } catch (InterruptedException e) {
            moto.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(advisorFile);
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // temp files; the OS cleans them eventually
        }
    }
}
