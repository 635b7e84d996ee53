package dev.spotshift.demo;

import dev.spotshift.simulator.aws.EmulatorApi;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The part of Auto Scaling that moto leaves out: a group's instances follow its MixedInstancesPolicy distribution.
 * moto launches every group instance on-demand whatever {@code OnDemandPercentageAboveBaseCapacity} says, so a
 * migration on it would never show a spot instance (nor a cheaper job). Twice a second, for each group it watches,
 * this swaps one instance of the wrong kind for one of the right kind (run, attach, detach with the desired capacity
 * decremented, terminate), as AWS replaces instances toward a changed distribution. The services never see it: they
 * see the group as they would on AWS, through the port.
 */
final class MotoSpotMix implements AutoCloseable {

    private static final String EC2 = "2016-11-15";
    private static final String AUTOSCALING = "2011-01-01";

    private final EmulatorApi api;
    private final String imageId;
    private final Consumer<String> log;
    private final Set<String> groups = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "moto-spot-mix");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, String> lastProblem = new ConcurrentHashMap<>();

    MotoSpotMix(EmulatorApi api, String imageId, Consumer<String> log) {
        this.api = api;
        this.imageId = imageId;
        this.log = log;
        timer.scheduleWithFixedDelay(this::pass, 500, 500, TimeUnit.MILLISECONDS);
    }

    void watch(String group) {
        groups.add(group);
    }

    private void pass() {
        for (String group : groups) {
            try {
                reconcile(group);
                lastProblem.remove(group);
            } catch (RuntimeException e) {
                if (!String.valueOf(e.getMessage()).equals(lastProblem.put(group, String.valueOf(e.getMessage())))) {
                    log.accept("moto spot mix: group " + group + ": " + e.getMessage());
                }
            }
        }
    }

    /** One swap at most per pass: the group moves an instance at a time, as a rolling replacement does. */
    void reconcile(String group) {
        Element g = first(dom(api.query("autoscaling", "DescribeAutoScalingGroups", AUTOSCALING,
                Map.of("AutoScalingGroupNames.member.1", group))).getDocumentElement(), "AutoScalingGroups");
        if (g == null || first(g, "member") == null) {
            return;
        }
        g = first(g, "member");
        Element distribution = first(g, "InstancesDistribution");
        if (distribution == null) {
            return;
        }
        int desired = Integer.parseInt(text(g, "DesiredCapacity"));
        int base = Integer.parseInt(text(distribution, "OnDemandBaseCapacity"));
        int percent = Integer.parseInt(text(distribution, "OnDemandPercentageAboveBaseCapacity"));
        List<String> types = new ArrayList<>();
        Element overrideList = first(g, "Overrides");
        if (overrideList == null) {
            return;
        }
        NodeList overrides = overrideList.getElementsByTagName("InstanceType");
        for (int i = 0; i < overrides.getLength(); i++) {
            String t = overrides.item(i).getTextContent().trim();
            if (!types.contains(t)) {
                types.add(t);
            }
        }
        List<String> members = new ArrayList<>();
        Element instances = first(g, "Instances");
        if (instances != null) {
            for (Element m : children(instances, "member")) {
                if ("InService".equals(text(m, "LifecycleState")) || "Pending".equals(text(m, "LifecycleState"))) {
                    members.add(text(m, "InstanceId"));
                }
            }
        }
        if (members.size() != desired || members.isEmpty()) {
            return;
        }
        Map<String, String[]> live = describe(members);
        if (live.size() != desired) {
            return;
        }
        int onDemandWanted = Math.min(desired, base + (int) Math.ceil(percent * Math.max(0, desired - base) / 100.0));
        int spotWanted = desired - onDemandWanted;
        long spotNow = live.values().stream().filter(v -> "spot".equals(v[0])).count();
        if (spotNow == spotWanted) {
            return;
        }
        boolean toSpot = spotNow < spotWanted;
        Map.Entry<String, String[]> victim = live.entrySet().stream()
                .filter(e -> "spot".equals(e.getValue()[0]) != toSpot).findFirst().orElseThrow();
        String type = toSpot ? types.get((int) (spotNow % types.size())) : types.get(0);
        swap(group, victim.getKey(), victim.getValue()[1], type, toSpot);
    }

    /** Instance id -> {lifecycle ("spot" or ""), zone} of the running or pending ones. */
    private Map<String, String[]> describe(List<String> ids) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            params.put("InstanceId." + (i + 1), ids.get(i));
        }
        Document d = dom(api.query("ec2", "DescribeInstances", EC2, params));
        Map<String, String[]> out = new LinkedHashMap<>();
        NodeList sets = d.getElementsByTagName("instancesSet");
        for (int s = 0; s < sets.getLength(); s++) {
            for (Element item : children((Element) sets.item(s), "item")) {
                Element state = first(item, "instanceState");
                String name = state == null ? "" : text(state, "name");
                if ("running".equals(name) || "pending".equals(name)) {
                    String lifecycle = first(item, "instanceLifecycle") == null ? "" : text(item, "instanceLifecycle");
                    Element placement = first(item, "placement");
                    out.put(text(item, "instanceId"), new String[] {lifecycle,
                            placement == null ? null : text(placement, "availabilityZone")});
                }
            }
        }
        return out;
    }

    private void swap(String group, String victim, String zone, String type, boolean toSpot) {
        Map<String, String> run = new LinkedHashMap<>();
        run.put("ImageId", imageId);
        run.put("InstanceType", type);
        run.put("MinCount", "1");
        run.put("MaxCount", "1");
        if (zone != null) {
            run.put("Placement.AvailabilityZone", zone);
        }
        if (toSpot) {
            run.put("InstanceMarketOptions.MarketType", "spot");
        }
        Element item = first(first(dom(api.query("ec2", "RunInstances", EC2, run)).getDocumentElement(), "instancesSet"),
                "item");
        String launched = text(item, "instanceId");
        api.query("autoscaling", "AttachInstances", AUTOSCALING,
                Map.of("AutoScalingGroupName", group, "InstanceIds.member.1", launched));
        api.query("autoscaling", "DetachInstances", AUTOSCALING, Map.of("AutoScalingGroupName", group,
                "InstanceIds.member.1", victim, "ShouldDecrementDesiredCapacity", "true"));
        api.query("ec2", "TerminateInstances", EC2, Map.of("InstanceId.1", victim));
        log.accept("moto spot mix: group " + group + " replaced " + victim + " by " + (toSpot ? "spot " : "on-demand ")
                + type + " " + launched);
    }

    private static Document dom(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException("unreadable answer from moto: " + e.getMessage(), e);
        }
    }

    private static Element first(Element parent, String tag) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        NodeList deep = parent.getElementsByTagName(tag);
        return deep.getLength() == 0 ? null : (Element) deep.item(0);
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String tag) {
        Element e = first(parent, tag);
        return e == null ? "" : e.getTextContent().trim();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
