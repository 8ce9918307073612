package dev.qmp4j.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qmp4j.codegen.GeneratedFile.Module;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The generated sources committed in the client modules are what the generator makes of the
 * committed schema today: fails when someone changed the generator, the naming table or the
 * schema and forgot to regenerate.
 */
class FreshnessTest {
    @Test
    void committedGeneratedSourcesAreUpToDate() throws IOException {
        Naming naming = Naming.assign(Generator.readCaptures(GeneratedSources.COMMITTED_CAPTURES), NamingTable.builtIn());
        Map<String, String> fresh = GeneratedSources.byKey(Generator.generate(naming));
        Map<Module, Path> roots = new EnumMap<>(Module.class);
        roots.put(Module.CORE, Path.of("../client-core/src/generated/java"));
        roots.put(Module.REACTIVE, Path.of("../client-reactive/src/generated/java"));
        roots.put(Module.BLOCKING, Path.of("../client-blocking/src/generated/java"));
        List<String> differences = GeneratedSources.differences(fresh, GeneratedSources.read(roots));
        assertEquals(List.of(), differences, "the generated sources are stale; regenerate with: "
                + "mvn -q install -DskipTests && mvn -q -pl client-codegen exec:java@generate");
    }
}
