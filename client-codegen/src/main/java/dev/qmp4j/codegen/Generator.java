package dev.qmp4j.codegen;

import com.google.gson.JsonParser;
import dev.qmp4j.codegen.GeneratedFile.Module;
import dev.qmp4j.codegen.Naming.TypeName;
import dev.qmp4j.codegen.Schema.AlternateType;
import dev.qmp4j.codegen.Schema.EnumType;
import dev.qmp4j.codegen.Schema.Event;
import dev.qmp4j.codegen.Schema.ObjectType;
import dev.qmp4j.codegen.Schema.Type;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Turns the {@code query-qmp-schema} captures of several QEMU versions into one typed vocabulary:
 * value classes, enumerations, unions and alternates in {@code dev.qmp4j.core.types}, the command
 * facades of the three APIs, {@code QmpEvents} and {@code QmpVocabulary}. The captures are merged
 * by {@link SchemaMerger}. The same input always gives byte-identical output.
 *
 * <pre>
 * java -cp ... dev.qmp4j.codegen.Generator CAPTURES_DIR --core DIR --reactive DIR --blocking DIR [--naming FILE]
 * </pre>
 * CAPTURES_DIR holds the captures ({@code *.json}, as written by {@link SchemaCapture}). Each DIR
 * is a module's generated source folder (such as {@code client-core/src/generated/java}); Java
 * files in it that the generator did not write are deleted.
 */
public final class Generator {
    /** The package of the generated types. */
    static final String TYPES_PACKAGE = "dev.qmp4j.core.types";

    private Generator() {
    }

    /** What every writer shares: the header line and where generated types live. */
    static final class Context {
        private final String header;
        private final Map<String, String> generatedTypes;

        Context(String header, Map<String, String> generatedTypes) {
            this.header = header;
            this.generatedTypes = generatedTypes;
        }

        JavaFile typesFile() {
            return file(TYPES_PACKAGE);
        }

        JavaFile file(String packageName) {
            return new JavaFile(packageName, header, generatedTypes);
        }

        String header() {
            return header;
        }
    }

    /**
     * Runs the generator.
     *
     * @param args the captures' folder, then {@code --core DIR --reactive DIR --blocking DIR} and
     *     optionally {@code --naming FILE}
     * @throws IOException when a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 7 || args.length % 2 == 0) {
            usage();
        }
        Path captures = Path.of(args[0]);
        Map<Module, Path> outputs = new EnumMap<>(Module.class);
        Path namingFile = null;
        for (int i = 1; i < args.length; i += 2) {
            switch (args[i]) {
                case "--core" -> outputs.put(Module.CORE, Path.of(args[i + 1]));
                case "--reactive" -> outputs.put(Module.REACTIVE, Path.of(args[i + 1]));
                case "--blocking" -> outputs.put(Module.BLOCKING, Path.of(args[i + 1]));
                case "--naming" -> namingFile = Path.of(args[i + 1]);
                default -> usage();
            }
        }
        if (outputs.size() != 3) {
            usage();
        }
        NamingTable table = namingFile == null ? NamingTable.builtIn() : NamingTable.load(namingFile);
        Schema schema = readCaptures(captures);
        Naming naming = Naming.assign(schema, table);
        naming.problems().forEach(p -> System.err.println("warning: " + p));
        List<GeneratedFile> files = generate(naming);
        write(files, outputs);
        System.out.println("generated " + files.size() + " files from " + captures + " (QEMU "
                + schema.versionList() + ")");
    }

    private static void usage() {
        System.err.println("usage: Generator CAPTURES_DIR --core DIR --reactive DIR --blocking DIR [--naming FILE]");
        System.exit(2);
    }

    /**
     * Reads every capture ({@code *.json}) in a folder and merges them.
     *
     * @throws IOException when the folder has no capture or one cannot be read
     */
    static Schema readCaptures(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException("no capture (*.json) in " + folder.toAbsolutePath());
        }
        List<Schema> schemas = new ArrayList<>();
        for (Path file : files) {
            schemas.add(readSchema(file));
        }
        return SchemaMerger.merge(schemas);
    }

    /** Reads a capture written by {@link SchemaCapture}. */
    static Schema readSchema(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return Schema.parse(JsonParser.parseReader(reader).getAsJsonObject());
        }
    }

    /** The header line of every generated file. */
    static String header(Schema schema) {
        return "// Generated by qmp4j-client-codegen from the query-qmp-schema of QEMU " + schema.versionList()
                + ". Do not edit.";
    }

    /** Every generated file, sorted by module and path. */
    static List<GeneratedFile> generate(Naming naming) {
        Schema schema = naming.schema();
        Map<String, String> generatedTypes = new HashMap<>();
        for (TypeName name : naming.types().values()) {
            generatedTypes.put(name.javaName(), TYPES_PACKAGE + "." + name.javaName());
        }
        generatedTypes.put("QmpCommands", TYPES_PACKAGE + ".QmpCommands");
        generatedTypes.put("QmpEvents", TYPES_PACKAGE + ".QmpEvents");
        generatedTypes.put("QmpVocabulary", TYPES_PACKAGE + ".QmpVocabulary");
        Context context = new Context(header(schema), generatedTypes);
        JavaTypes types = new JavaTypes(naming);
        ObjectWriter objects = new ObjectWriter(naming, types, context);
        EnumWriter enums = new EnumWriter(naming, context);
        AlternateWriter alternates = new AlternateWriter(naming, types, context);
        FacadeWriter facades = new FacadeWriter(naming, types, context);

        Map<String, Event> eventsByType = new HashMap<>();
        for (Event e : schema.events()) {
            eventsByType.put(naming.eventTypes().get(e.name()), e);
        }
        List<GeneratedFile> files = new ArrayList<>();
        String typesDir = TYPES_PACKAGE.replace('.', '/') + "/";
        for (Map.Entry<String, TypeName> entry : naming.types().entrySet()) {
            Type type = naming.type(entry.getKey());
            TypeName name = entry.getValue();
            String content;
            if (type instanceof ObjectType o) {
                content = objects.write(o, name, Optional.ofNullable(eventsByType.get(entry.getKey())));
            } else if (type instanceof EnumType e) {
                content = enums.write(e, name);
            } else if (type instanceof AlternateType a) {
                content = alternates.write(a, name);
            } else {
                throw new IllegalStateException("cannot generate " + type);
            }
            files.add(new GeneratedFile(Module.CORE, typesDir + name.javaName() + ".java", content));
        }
        files.add(new GeneratedFile(Module.CORE, typesDir + "QmpCommands.java",
                facades.write(FacadeWriter.Flavor.CORE)));
        files.add(new GeneratedFile(Module.CORE, typesDir + "QmpVocabulary.java",
                new VocabularyWriter(naming, types, context).write()));
        files.add(new GeneratedFile(Module.CORE, typesDir + "QmpEvents.java",
                new EventsWriter(naming, context).write()));
        files.add(new GeneratedFile(Module.CORE, typesDir + "package-info.java",
                PackageInfoWriter.write(context.header(), schema.versionList(), naming.types().size(),
                        schema.commands().size(), schema.events().size())));
        files.add(new GeneratedFile(Module.REACTIVE, "dev/qmp4j/reactive/ReactiveQmpCommands.java",
                facades.write(FacadeWriter.Flavor.REACTIVE)));
        files.add(new GeneratedFile(Module.BLOCKING, "dev/qmp4j/blocking/BlockingQmpCommands.java",
                facades.write(FacadeWriter.Flavor.BLOCKING)));
        files.sort(Comparator.comparing(GeneratedFile::module).thenComparing(GeneratedFile::path));
        return files;
    }

    /**
     * Writes the files under their module's folder (only those whose content changed) and deletes
     * the Java files there that were not generated this time.
     */
    static void write(List<GeneratedFile> files, Map<Module, Path> outputs) throws IOException {
        for (Map.Entry<Module, Path> output : outputs.entrySet()) {
            Path root = output.getValue();
            Set<Path> wanted = new TreeSet<>();
            for (GeneratedFile file : files) {
                if (file.module() != output.getKey()) {
                    continue;
                }
                Path target = root.resolve(file.path());
                wanted.add(target.toAbsolutePath().normalize());
                Files.createDirectories(target.getParent());
                if (!Files.exists(target) || !Files.readString(target, StandardCharsets.UTF_8).equals(file.content())) {
                    Files.writeString(target, file.content(), StandardCharsets.UTF_8);
                }
            }
            if (Files.isDirectory(root)) {
                List<Path> stale;
                try (Stream<Path> walk = Files.walk(root)) {
                    stale = walk.filter(p -> p.toString().endsWith(".java"))
                            .filter(p -> !wanted.contains(p.toAbsolutePath().normalize())).sorted().toList();
                }
                for (Path p : stale) {
                    Files.delete(p);
                }
            }
        }
    }
}
