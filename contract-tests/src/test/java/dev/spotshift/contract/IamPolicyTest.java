package dev.spotshift.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, checked: the policy grants exactly the IAM actions the AWS implementation calls
 * (each call in cloud/aws is labelled with its action for error messages), nothing more.
 */
class IamPolicyTest {

    /** API operations whose IAM action has another name. */
    private static final Map<String, String> AUTHORIZED_AS = Map.of(
            "s3:HeadObject", "s3:GetObject",
            "s3:ListObjectsV2", "s3:ListBucket");
    /** Actions AWS checks implicitly for a call the code makes (tags on RunInstances). */
    private static final Set<String> IMPLIED = Set.of("ec2:CreateTags");

    @Test
    void grantsExactlyTheActionsTheAwsImplementationCalls() throws IOException {
        Path root = Path.of(System.getProperty("spotshift.home", "..")).toAbsolutePath().normalize();
        Set<String> called = new TreeSet<>(IMPLIED);
        Pattern label = Pattern.compile("\"((?:ec2|autoscaling|s3|sqs|cloudwatch):[A-Za-z0-9]+)\"");
        try (Stream<Path> files = Files.walk(root.resolve("cloud/src/main/java/dev/spotshift/cloud/aws"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = label.matcher(Files.readString(f));
                while (m.find()) {
                    called.add(AUTHORIZED_AS.getOrDefault(m.group(1), m.group(1)));
                }
            }
        }
        Set<String> granted = new TreeSet<>();
        JsonNode policy = new ObjectMapper().readTree(root.resolve("k8s/iam-policy.json").toFile());
        for (JsonNode statement : policy.get("Statement")) {
            assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
            JsonNode action = statement.get("Action");
            if (action.isArray()) {
                action.forEach(a -> granted.add(a.asText()));
            } else {
                granted.add(action.asText());
            }
        }
        assertThat(granted).noneMatch(a -> a.contains("*"));
        assertThat(granted).isEqualTo(called);
    }
}
