package dev.qmp4j.codegen;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds one generated Java source file: the header, the package, the imports the body needs
 * (found by the simple names it uses, sorted) and the body, indented by four spaces a level.
 */
final class JavaFile {
    /** Types the generated code may use, by simple name. */
    private static final Map<String, String> LIBRARY_TYPES = new TreeMap<>(Map.ofEntries(
            Map.entry("ArrayList", "java.util.ArrayList"),
            Map.entry("BigInteger", "java.math.BigInteger"),
            Map.entry("Collections", "java.util.Collections"),
            Map.entry("CompletableFuture", "java.util.concurrent.CompletableFuture"),
            Map.entry("Function", "java.util.function.Function"),
            Map.entry("LinkedHashMap", "java.util.LinkedHashMap"),
            Map.entry("List", "java.util.List"),
            Map.entry("Map", "java.util.Map"),
            Map.entry("Objects", "java.util.Objects"),
            Map.entry("Optional", "java.util.Optional"),
            Map.entry("Set", "java.util.Set"),
            Map.entry("JsonElement", "com.google.gson.JsonElement"),
            Map.entry("JsonNull", "com.google.gson.JsonNull"),
            Map.entry("JsonObject", "com.google.gson.JsonObject"),
            Map.entry("Mono", "reactor.core.publisher.Mono"),
            Map.entry("QmpEvent", "dev.qmp4j.core.QmpEvent"),
            Map.entry("QmpFileDescriptors", "dev.qmp4j.core.QmpFileDescriptors"),
            Map.entry("QmpSession", "dev.qmp4j.core.QmpSession"),
            Map.entry("QmpVersion", "dev.qmp4j.core.QmpVersion"),
            Map.entry("QmpAvailability", "dev.qmp4j.core.typed.QmpAvailability"),
            Map.entry("QmpCommandInfo", "dev.qmp4j.core.typed.QmpCommandInfo"),
            Map.entry("JsonDecoder", "dev.qmp4j.core.typed.JsonDecoder"),
            Map.entry("JsonArray", "com.google.gson.JsonArray"),
            Map.entry("QmpEnumValue", "dev.qmp4j.core.typed.QmpEnumValue"),
            Map.entry("QmpEventType", "dev.qmp4j.core.typed.QmpEventType"),
            Map.entry("TypedCall", "dev.qmp4j.core.typed.TypedCall"),
            Map.entry("TypedJson", "dev.qmp4j.core.typed.TypedJson"),
            Map.entry("Unstable", "dev.qmp4j.core.typed.Unstable"),
            Map.entry("BlockingQmpSession", "dev.qmp4j.blocking.BlockingQmpSession"),
            Map.entry("ReactiveQmpSession", "dev.qmp4j.reactive.ReactiveQmpSession")));
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String packageName;
    private final String header;
    private final Map<String, String> generatedTypes;
    private final StringBuilder body = new StringBuilder();
    private int indent;

    /**
     * @param packageName the file's package
     * @param header the first line, a comment
     * @param generatedTypes generated types by simple name, to import into other packages
     */
    JavaFile(String packageName, String header, Map<String, String> generatedTypes) {
        this.packageName = packageName;
        this.header = header;
        this.generatedTypes = generatedTypes;
    }

    /** Adds a line at the current indentation; an empty string adds an empty line. */
    JavaFile line(String text) {
        if (!text.isEmpty()) {
            body.append("    ".repeat(indent)).append(text);
        }
        body.append('\n');
        return this;
    }

    /** Adds a line and indents what follows. */
    JavaFile open(String text) {
        line(text);
        indent++;
        return this;
    }

    /** Indents what follows. */
    JavaFile indent() {
        indent++;
        return this;
    }

    /** Outdents and adds a line. */
    JavaFile close(String text) {
        indent--;
        return line(text);
    }

    /** Adds a Javadoc comment from lines (without the comment markers). */
    JavaFile javadoc(String... lines) {
        if (lines.length == 1) {
            return line("/** " + lines[0] + " */");
        }
        line("/**");
        for (String l : lines) {
            line(l.isEmpty() ? " *" : " * " + l);
        }
        return line(" */");
    }

    /** The whole file. */
    String text() {
        // no blank line right after an opening brace or right before a closing one
        String code = body.toString().replaceAll("\\{\n\n", "{\n").replaceAll("\n\n(\\s*[}\\]])", "\n$1");
        Set<String> imports = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(code);
        while (m.find()) {
            String name = m.group();
            String qualified = LIBRARY_TYPES.get(name);
            if (qualified == null) {
                qualified = generatedTypes.get(name);
            }
            if (qualified != null && !qualified.equals(packageName + "." + name)) {
                imports.add(qualified);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(header).append('\n');
        out.append("package ").append(packageName).append(";\n\n");
        for (String i : imports) {
            out.append("import ").append(i).append(";\n");
        }
        if (!imports.isEmpty()) {
            out.append('\n');
        }
        out.append(code);
        return out.toString();
    }
}
