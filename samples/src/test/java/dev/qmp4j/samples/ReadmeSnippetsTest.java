package dev.qmp4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's code comes from the samples: every block between {@code README-BEGIN name} and
 * {@code README-END name} in the samples appears in README.md as is (indentation aside), so the
 * README shows code that compiles and whose tests pass.
 */
class ReadmeSnippetsTest {
    private static final Pattern BLOCK = Pattern.compile(
            "// README-BEGIN ([\\w-]+)\\R(.*?)\\R\\s*// README-END \\1", Pattern.DOTALL);

    @Test
    void everySampleBlockStandsInTheReadme() throws IOException {
        Map<String, String> blocks = sampleBlocks();
        assertTrue(blocks.size() >= 7, "blocks found: " + blocks.keySet());
        String readme = normalise(Files.readString(Path.of("../README.md")));
        List<String> missing = new ArrayList<>();
        blocks.forEach((name, code) -> {
            if (!readme.contains(code)) {
                missing.add(name);
            }
        });
        assertEquals(List.of(), missing, "README blocks out of step with the samples (copy them from the samples)");
    }

    private static Map<String, String> sampleBlocks() throws IOException {
        Map<String, String> blocks = new TreeMap<>();
        try (Stream<Path> files = Files.walk(Path.of("src"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = BLOCK.matcher(Files.readString(file));
                while (m.find()) {
                    blocks.put(m.group(1), normalise(m.group(2)));
                }
            }
        }
        return blocks;
    }

    /** Lines without their leading and trailing blanks, so indentation may differ. */
    private static String normalise(String text) {
        return String.join("\n", text.lines().map(String::strip).toList());
    }
}
