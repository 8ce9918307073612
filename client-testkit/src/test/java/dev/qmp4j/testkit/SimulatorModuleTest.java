package dev.qmp4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulator's module needs no test framework: it serves tests of any kind and the {@code qmp}
 * tool bundles it. JUnit belongs to {@code dev.qmp4j.testkit.junit5}. (The samples' ToolJarTest
 * checks that no JUnit class reaches the tool's jar through the POMs either.)
 */
class SimulatorModuleTest {

    @Test
    void theModuleRequiresNoJUnitAndExportsOnlyTheSimulatorsPackage() throws Exception {
        Path classes = Path.of(QmpSimulator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<ModuleDescriptor> found = ModuleFinder.of(classes).findAll().stream().map(ModuleReference::descriptor).toList();
        assertEquals(1, found.size(), classes + " holds one module");
        ModuleDescriptor module = found.get(0);

        assertEquals("dev.qmp4j.testkit", module.name());
        assertEquals(List.of(), module.requires().stream().map(ModuleDescriptor.Requires::name)
                .filter(name -> name.startsWith("org.junit") || name.startsWith("org.opentest4j")).toList(),
                "JUnit modules the simulator requires");
        assertEquals(List.of("dev.qmp4j.testkit"), module.exports().stream().map(ModuleDescriptor.Exports::source).toList());
    }
}
