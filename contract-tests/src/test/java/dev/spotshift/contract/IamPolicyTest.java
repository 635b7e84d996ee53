package dev.spotshift.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, checked: one policy per process that calls AWS ({@code k8s/iam/<service>-policy.json}), together
 * granting exactly the IAM actions the AWS implementation calls (each call in cloud/aws is labelled with its action),
 * the analyzer and the bridge only reading, and the conditions that keep the executor's writes to its own capacity.
 */
class IamPolicyTest {

    private static final Path ROOT = Path.of(System.getProperty("spotshift.home", "..")).toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** API operations whose IAM action has another name. */
    private static final Map<String, String> AUTHORIZED_AS = Map.of(
            "s3:HeadObject", "s3:GetObject",
            "s3:ListObjectsV2", "s3:ListBucket");
    /**
     * Actions AWS checks implicitly for a call the code makes: the tags of RunInstances, and passing the role of a
     * launch template's instance profile.
     */
    private static final Set<String> IMPLIED = Set.of("ec2:CreateTags", "iam:PassRole");
    private static final String DEPLOYMENT = "${aws:PrincipalTag/spotshift:deployment}";

    @Test
    void thePoliciesTogetherGrantExactlyTheActionsTheAwsImplementationCalls() throws IOException {
        Set<String> called = new TreeSet<>(IMPLIED);
        Pattern label = Pattern.compile("\"((?:ec2|autoscaling|s3|sqs|cloudwatch):[A-Za-z0-9]+)\"");
        try (Stream<Path> files = Files.walk(ROOT.resolve("cloud/src/main/java/dev/spotshift/cloud/aws"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = label.matcher(Files.readString(f));
                while (m.find()) {
                    called.add(AUTHORIZED_AS.getOrDefault(m.group(1), m.group(1)));
                }
            }
        }
        Set<String> granted = new TreeSet<>();
        for (String service : List.of("analyzer", "executor", "cloud-bridge")) {
            for (JsonNode statement : policy(service).get("Statement")) {
                assertThat(statement.get("Effect").asText()).as("%s %s", service, statement.get("Sid")).isEqualTo("Allow");
                granted.addAll(actions(statement));
            }
        }
        assertThat(granted).noneMatch(a -> a.contains("*"));
        assertThat(granted).isEqualTo(called);
    }

    @Test
    void theAnalyzerAndTheBridgeOnlyRead() throws IOException {
        assertThat(allActions(policy("analyzer"))).allMatch(IamPolicyTest::reads);
        // the bridge deletes a notice from its own queue once it is published: that queue only
        for (JsonNode statement : policy("cloud-bridge").get("Statement")) {
            for (String action : actions(statement)) {
                if (!reads(action)) {
                    assertThat(action).isEqualTo("sqs:DeleteMessage");
                    assertThat(statement.get("Resource").asText()).isEqualTo("arn:aws:sqs:*:*:spotshift-interruptions");
                }
            }
        }
    }

    @Test
    void theExecutorsWritesAreBoundByTheirConditions() throws IOException {
        assertThat(conditionProblems(policy("executor"))).isEmpty();
    }

    @Test
    void theConditionCheckFailsWhenCreateTagsLosesItsCreateActionCondition() throws IOException {
        ObjectNode policy = (ObjectNode) policy("executor");
        for (JsonNode statement : policy.get("Statement")) {
            if (actions(statement).contains("ec2:CreateTags")) {
                ((ObjectNode) statement).remove("Condition");
            }
        }
        assertThat(conditionProblems(policy)).anyMatch(p -> p.contains("ec2:CreateTags"));
    }

    @Test
    void theConditionCheckFailsWhenTerminateIsNotBoundToThisDeployment() throws IOException {
        ObjectNode policy = (ObjectNode) policy("executor");
        for (JsonNode statement : policy.get("Statement")) {
            if (actions(statement).contains("ec2:TerminateInstances")) {
                ((ObjectNode) statement).set("Condition", JSON.readTree(
                        "{\"StringLike\": {\"aws:ResourceTag/spotshift:plan\": \"*\"}}"));
            }
        }
        assertThat(conditionProblems(policy)).anyMatch(p -> p.contains("ec2:TerminateInstances"));
    }

    /**
     * What keeps the executor to its own capacity: tags only while launching (so no instance can be tagged as this
     * deployment's afterwards), launches carrying this deployment's tag, terminations only of instances carrying
     * it, and a role passed only to EC2.
     */
    private static List<String> conditionProblems(JsonNode policy) {
        List<String> problems = new ArrayList<>();
        for (JsonNode s : policy.get("Statement")) {
            Set<String> actions = actions(s);
            JsonNode c = s.path("Condition");
            if (actions.contains("ec2:CreateTags")
                    && !only(c.path("StringEquals").path("ec2:CreateAction"), "RunInstances")) {
                problems.add(s.get("Sid") + ": ec2:CreateTags without StringEquals ec2:CreateAction = RunInstances");
            }
            if (actions.contains("ec2:TerminateInstances")
                    && !only(c.path("StringEquals").path("aws:ResourceTag/spotshift:deployment"), DEPLOYMENT)) {
                problems.add(s.get("Sid") + ": ec2:TerminateInstances not bound to this deployment's tag");
            }
            if (actions.contains("ec2:RunInstances") && s.path("Resource").asText().equals("arn:aws:ec2:*:*:instance/*")
                    && !only(c.path("StringEquals").path("aws:RequestTag/spotshift:deployment"), DEPLOYMENT)) {
                problems.add(s.get("Sid") + ": ec2:RunInstances of instances not tagged with this deployment");
            }
            if (actions.contains("iam:PassRole")
                    && !only(c.path("StringEquals").path("iam:PassedToService"), "ec2.amazonaws.com")) {
                problems.add(s.get("Sid") + ": iam:PassRole not limited to EC2");
            }
        }
        boolean launchesBound = false;
        for (JsonNode s : policy.get("Statement")) {
            if (actions(s).contains("ec2:RunInstances") && s.path("Resource").asText().equals("arn:aws:ec2:*:*:instance/*")) {
                launchesBound = true;
            }
        }
        if (!launchesBound) {
            problems.add("no ec2:RunInstances statement on instance/* (the one that carries the deployment condition)");
        }
        return problems;
    }

    private static boolean only(JsonNode value, String expected) {
        if (value.isArray()) {
            return value.size() == 1 && value.get(0).asText().equals(expected);
        }
        return value.isTextual() && value.asText().equals(expected);
    }

    private static boolean reads(String action) {
        String verb = action.substring(action.indexOf(':') + 1);
        return verb.startsWith("Describe") || verb.startsWith("Get") || verb.startsWith("List")
                || action.equals("sqs:ReceiveMessage");
    }

    private static Set<String> allActions(JsonNode policy) {
        Set<String> all = new TreeSet<>();
        policy.get("Statement").forEach(s -> all.addAll(actions(s)));
        return all;
    }

    private static Set<String> actions(JsonNode statement) {
        Set<String> out = new TreeSet<>();
        JsonNode action = statement.get("Action");
        if (action.isArray()) {
            action.forEach(a -> out.add(a.asText()));
        } else {
            out.add(action.asText());
        }
        return out;
    }

    private static JsonNode policy(String service) throws IOException {
        return JSON.readTree(ROOT.resolve("k8s/iam/" + service + "-policy.json").toFile());
    }
}
