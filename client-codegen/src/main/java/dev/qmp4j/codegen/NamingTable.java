package dev.qmp4j.codegen;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The committed table from schema paths to Java names, so that the types people know get the
 * names QEMU's own QAPI sources give them ({@code query-status/ret-type} is {@code StatusInfo})
 * instead of names derived from where the generator met them first. Paths are ABI (command,
 * event and member names), so the table survives QEMU's renumbering of masked type names.
 *
 * <p>Path syntax: {@code COMMAND/arg-type}, {@code COMMAND/ret-type} or {@code EVENT/arg-type},
 * then per step a member name, {@code +CASE} for a flat union's case, or {@code |META} for an
 * alternate's branch of that meta-type ({@code |object}, {@code |enum}, {@code |array}). Arrays
 * are transparent: {@code query-block/ret-type} is the element type of the array.
 */
final class NamingTable {
    /** Where the built-in table lives on the class path. */
    static final String RESOURCE = "/dev/qmp4j/codegen/naming.json";

    private final Map<String, String> names;

    private NamingTable(Map<String, String> names) {
        this.names = Collections.unmodifiableMap(names);
    }

    /** The table committed with the generator. */
    static NamingTable builtIn() {
        try (InputStream in = NamingTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    /** A table from a file. */
    static NamingTable load(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader);
        }
    }

    /** An empty table: every name derived from paths. */
    static NamingTable empty() {
        return new NamingTable(new LinkedHashMap<>());
    }

    private static NamingTable read(Reader reader) {
        JsonObject object = JsonParser.parseReader(reader).getAsJsonObject();
        Map<String, String> names = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
            String name = entry.getValue().getAsString();
            if (!Identifiers.isIdentifier(name) || !Character.isUpperCase(name.charAt(0))) {
                throw new IllegalArgumentException("naming table: " + entry.getKey() + " maps to '" + name
                        + "', which is not a Java type name");
            }
            if (Identifiers.RESERVED_TYPE_NAMES.contains(name)) {
                throw new IllegalArgumentException("naming table: " + entry.getKey() + " maps to '" + name
                        + "', a name the generated code needs for something else");
            }
            names.put(entry.getKey(), name);
        }
        return new NamingTable(names);
    }

    /** Path to Java name, in the table's order. */
    Map<String, String> names() {
        return names;
    }
}
