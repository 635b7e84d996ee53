package dev.spotshift.notifier.domain;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * A configured destination: where it sends ({@code target}: a URL for the HTTP sinks, a topic ARN for SNS), which
 * plans and kinds of news it wants, and how many sends a minute it may make.
 *
 * @param plans plan ids or workload names this sink wants; empty means every plan
 * @param kinds kinds of news this sink wants; empty means every kind
 */
public record SinkSpec(String name, Type type, String target, Optional<String> secret, Set<String> plans,
                       Set<Notification.Kind> kinds, int perMinute) {

    public enum Type { WEBHOOK, SLACK, SNS }

    public SinkSpec {
        plans = Set.copyOf(plans);
        kinds = Set.copyOf(kinds);
    }

    public boolean wants(Notification n, Optional<String> workloadName) {
        boolean kind = kinds.isEmpty() || kinds.contains(n.kind());
        boolean plan = plans.isEmpty() || plans.contains(n.planId())
                || workloadName.map(plans::contains).orElse(false);
        return kind && plan;
    }

    public URI url() {
        return URI.create(target);
    }
}
