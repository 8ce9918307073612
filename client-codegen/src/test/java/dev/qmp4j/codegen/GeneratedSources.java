package dev.qmp4j.codegen;

import dev.qmp4j.codegen.GeneratedFile.Module;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reading and comparing trees of generated sources, for the golden and freshness tests. */
final class GeneratedSources {
    /** The schema committed with the generator, relative to the client-codegen module. */
    /** The captures the committed vocabulary is generated from. */
    static final Path COMMITTED_CAPTURES = Path.of("schema/captures");

    private GeneratedSources() {
    }

    /** The files as {@code MODULE/path} to content. */
    static Map<String, String> byKey(List<GeneratedFile> files) {
        Map<String, String> map = new TreeMap<>();
        for (GeneratedFile f : files) {
            map.put(f.module().name().toLowerCase() + "/" + f.path(), f.content());
        }
        return map;
    }

    /** The Java files under each module's folder, keyed as {@link #byKey}. */
    static Map<String, String> read(Map<Module, Path> roots) throws IOException {
        Map<String, String> map = new TreeMap<>();
        for (Map.Entry<Module, Path> root : roots.entrySet()) {
            if (!Files.isDirectory(root.getValue())) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root.getValue())) {
                for (Path p : walk.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                    String relative = root.getValue().relativize(p).toString().replace('\\', '/');
                    map.put(root.getKey().name().toLowerCase() + "/" + relative,
                            Files.readString(p, StandardCharsets.UTF_8));
                }
            }
        }
        return map;
    }

    /** What differs between two trees, one line per file; empty when they are identical. */
    static List<String> differences(Map<String, String> expected, Map<String, String> actual) {
        List<String> out = new ArrayList<>();
        for (String key : expected.keySet()) {
            if (!actual.containsKey(key)) {
                out.add("missing: " + key);
            } else if (!actual.get(key).equals(expected.get(key))) {
                out.add("differs: " + key + " (first difference at line " + firstDifferentLine(expected.get(key),
                        actual.get(key)) + ")");
            }
        }
        for (String key : actual.keySet()) {
            if (!expected.containsKey(key)) {
                out.add("unexpected: " + key);
            }
        }
        return out;
    }

    private static int firstDifferentLine(String a, String b) {
        String[] x = a.split("\n", -1);
        String[] y = b.split("\n", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (!x[i].equals(y[i])) {
                return i + 1;
            }
        }
        return Math.min(x.length, y.length) + 1;
    }
}
