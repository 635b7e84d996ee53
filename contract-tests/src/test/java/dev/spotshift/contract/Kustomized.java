package dev.spotshift.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.Yaml;

/**
 * What {@code kubectl apply -k DIR} would send, for the parts of kustomize our manifests use: {@code resources}
 * (files and other kustomizations), JSON 6902 {@code patches} with a kind/name target (add, replace, remove) and
 * {@code namespace}, and {@code secretGenerator} with {@code files} (a Secret whose keys are named; their content,
 * made at deploy time and never committed, is not read: the test holds names and keys) under
 * {@code generatorOptions.disableNameSuffixHash}. No kubectl here, so the manifests test reads an overlay through
 * this; anything else in a kustomization fails loudly rather than being ignored.
 */
final class Kustomized {

    private static final List<String> KNOWN = List.of("apiVersion", "kind", "namespace", "resources", "patches",
            "secretGenerator", "generatorOptions");
    private static final List<String> CLUSTER_SCOPED = List.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition");

    private Kustomized() {}

    /** The documents the kustomization in {@code dir} renders to. */
    static List<Map<String, Object>> render(Path dir) {
        Map<String, Object> k = Yaml1.load(dir.resolve("kustomization.yaml"));
        for (String key : k.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new IllegalStateException(dir + "/kustomization.yaml uses '" + key + "', which this renderer does not know");
            }
        }
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object r : Yaml1.list(k.get("resources"))) {
            Path p = dir.resolve((String) r).normalize();
            docs.addAll(Files.isDirectory(p) ? render(p) : Yaml1.documents(p));
        }
        docs.addAll(generatedSecrets(dir, k));
        for (Object o : Yaml1.list(k.get("patches"))) {
            Map<String, Object> patch = Yaml1.map(o);
            Map<String, Object> target = Yaml1.map(patch.get("target"));
            List<Object> ops = Yaml1.list(new Yaml().load((String) patch.get("patch")));
            int matched = 0;
            for (Map<String, Object> doc : docs) {
                if (matches(doc, target)) {
                    ops.forEach(op -> apply(doc, Yaml1.map(op)));
                    matched++;
                }
            }
            if (matched == 0) {
                throw new IllegalStateException("patch target " + target + " in " + dir + " matches no resource");
            }
        }
        Object namespace = k.get("namespace");
        if (namespace != null) {
            for (Map<String, Object> doc : docs) {
                if (!CLUSTER_SCOPED.contains(doc.get("kind"))) {
                    Yaml1.map(doc.get("metadata")).put("namespace", namespace);
                }
            }
        }
        return docs;
    }

    /** Each generated Secret, its keys from {@code key=path} (or the file's name) with the path as the value. */
    private static List<Map<String, Object>> generatedSecrets(Path dir, Map<String, Object> k) {
        List<Object> generators = Yaml1.list(k.get("secretGenerator"));
        if (!generators.isEmpty() && !Boolean.TRUE.equals(Yaml1.map(k.get("generatorOptions")).get("disableNameSuffixHash"))) {
            throw new IllegalStateException(dir + ": a generated Secret's name would carry a hash the manifests do not name");
        }
        List<Map<String, Object>> secrets = new ArrayList<>();
        for (Object g : generators) {
            Map<String, Object> generator = Yaml1.map(g);
            for (String key : generator.keySet()) {
                if (!List.of("name", "files", "type").contains(key)) {
                    throw new IllegalStateException(dir + ": secretGenerator '" + key + "' is not known to this renderer");
                }
            }
            Map<String, Object> data = new LinkedHashMap<>();
            for (Object f : Yaml1.list(generator.get("files"))) {
                String file = String.valueOf(f);
                int eq = file.indexOf('=');
                data.put(eq < 0 ? Path.of(file).getFileName().toString() : file.substring(0, eq),
                        "generated-from:" + (eq < 0 ? file : file.substring(eq + 1)));
            }
            Map<String, Object> secret = new LinkedHashMap<>();
            secret.put("apiVersion", "v1");
            secret.put("kind", "Secret");
            secret.put("metadata", new LinkedHashMap<>(Map.of("name", generator.get("name"))));
            secret.put("type", generator.getOrDefault("type", "Opaque"));
            secret.put("data", data);
            secrets.add(secret);
        }
        return secrets;
    }

    static String kind(Map<String, Object> doc) {
        return (String) doc.get("kind");
    }

    static String name(Map<String, Object> doc) {
        return (String) Yaml1.map(doc.get("metadata")).get("name");
    }

    static List<Map<String, Object>> ofKind(List<Map<String, Object>> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(kind(d))).toList();
    }

    private static boolean matches(Map<String, Object> doc, Map<String, Object> target) {
        return (target.get("kind") == null || Objects.equals(target.get("kind"), doc.get("kind")))
                && (target.get("name") == null || Objects.equals(target.get("name"), name(doc)));
    }

    @SuppressWarnings("unchecked")
    private static void apply(Map<String, Object> doc, Map<String, Object> op) {
        String[] path = ((String) op.get("path")).substring(1).split("/");
        Object parent = doc;
        for (int i = 0; i < path.length - 1; i++) {
            parent = child(parent, unescape(path[i]));
            if (parent == null) {
                throw new IllegalStateException("patch path " + op.get("path") + " does not exist in " + name(doc));
            }
        }
        String last = unescape(path[path.length - 1]);
        String verb = (String) op.get("op");
        if (parent instanceof Map<?, ?> m) {
            Map<String, Object> map = (Map<String, Object>) m;
            if (!verb.equals("add") && !map.containsKey(last)) {
                throw new IllegalStateException(verb + " of a missing " + op.get("path") + " in " + name(doc));
            }
            switch (verb) {
                case "add", "replace" -> map.put(last, op.get("value"));
                case "remove" -> map.remove(last);
                default -> throw new IllegalStateException("patch op " + verb + " not known here");
            }
        } else if (parent instanceof List<?> l) {
            List<Object> list = (List<Object>) l;
            int index = last.equals("-") ? list.size() : Integer.parseInt(last);
            switch (verb) {
                case "add" -> list.add(index, op.get("value"));
                case "replace" -> list.set(index, op.get("value"));
                case "remove" -> list.remove(index);
                default -> throw new IllegalStateException("patch op " + verb + " not known here");
            }
        } else {
            throw new IllegalStateException("patch path " + op.get("path") + " goes through a scalar in " + name(doc));
        }
    }

    private static Object child(Object parent, String key) {
        if (parent instanceof Map<?, ?> m) {
            return m.get(key);
        }
        if (parent instanceof List<?> l) {
            return l.get(Integer.parseInt(key));
        }
        return null;
    }

    private static String unescape(String segment) {
        return segment.replace("~1", "/").replace("~0", "~");
    }

    /** YAML reading shared by the manifests tests. */
    static final class Yaml1 {
        private Yaml1() {}

        static Map<String, Object> load(Path file) {
            try {
                return map(new Yaml().load(Files.readString(file)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static List<Map<String, Object>> documents(Path file) {
            try {
                List<Map<String, Object>> docs = new ArrayList<>();
                for (Object o : new Yaml().loadAll(Files.readString(file))) {
                    if (o != null) {
                        docs.add(map(o));
                    }
                }
                return docs;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> map(Object o) {
            return o == null ? new LinkedHashMap<>() : (Map<String, Object>) o;
        }

        @SuppressWarnings("unchecked")
        static List<Object> list(Object o) {
            return o == null ? new ArrayList<>() : (List<Object>) o;
        }
    }
}
