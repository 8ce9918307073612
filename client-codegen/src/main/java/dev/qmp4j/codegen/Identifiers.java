package dev.qmp4j.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Java identifiers from QMP names: {@code query-cpus-fast} is {@code QueryCpusFast} as a type
 * prefix and {@code queryCpusFast} as a method, {@code tray_open} is {@code trayOpen},
 * {@code aes-128} is the constant {@code AES_128}. Words are split at every character that is
 * not a letter or digit and lower-cased before capitalising, so {@code SHUTDOWN} gives
 * {@code Shutdown}.
 */
final class Identifiers {
    /** Java keywords and literals, which cannot name a component or method. */
    static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case", "catch",
            "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
            "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface",
            "long", "native", "new", "package", "private", "protected", "public", "return", "short", "static",
            "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
            "volatile", "while", "true", "false", "null", "var", "yield", "record", "sealed", "permits", "_");

    /**
     * Simple names the generated code uses or nests, which no generated top-level type may take:
     * java.lang, the imported library types, qmp4j's own API types and the nested type names.
     */
    static final Set<String> RESERVED_TYPE_NAMES = Set.of("Object", "String", "Boolean", "Integer", "Long",
            "Double", "Float", "Short", "Byte", "Character", "Number", "Math", "System", "Class", "Enum", "Record",
            "Void", "Iterable", "Comparable", "Override", "Deprecated", "SuppressWarnings", "FunctionalInterface",
            "SafeVarargs", "Thread", "Runnable", "Exception", "RuntimeException", "Error", "Throwable",
            "IllegalArgumentException", "IllegalStateException", "NullPointerException", "StringBuilder",
            "Optional", "List", "Map", "Set", "Objects", "Collections", "LinkedHashMap", "ArrayList", "Function",
            "BigInteger", "BigDecimal", "CompletableFuture", "Duration",
            "JsonElement", "JsonObject", "JsonArray", "JsonNull", "JsonPrimitive",
            "Mono", "Flux",
            "TypedJson", "TypedCall", "QmpEnumValue", "QmpEventType", "Unstable",
            "QmpSession", "QmpEvent", "QmpCommands", "QmpEvents", "ReactiveQmpCommands", "BlockingQmpCommands",
            "ReactiveQmpSession", "BlockingQmpSession", "Await",
            "Builder", "Variant", "Known", "Unknown", "Value");

    /** Component names the generated records already use for their own methods. */
    static final Set<String> RESERVED_MEMBER_NAMES = Set.of("builder", "toBuilder", "build", "of", "fromJson",
            "toJson", "variant", "hashCode", "equals", "toString", "getClass", "notify", "notifyAll", "wait",
            "clone", "finalize", "memberAvailability", "serverVersion");

    private Identifiers() {
    }

    /** The words of a QMP name, lower case. */
    static List<String> words(String name) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 128 && Character.isLetterOrDigit(c)) {
                word.append(Character.toLowerCase(c));
            } else if (word.length() > 0) {
                words.add(word.toString());
                word.setLength(0);
            }
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    /** {@code block-job-cancel} → {@code BlockJobCancel}; may start with a digit. */
    static String pascal(String name) {
        StringBuilder out = new StringBuilder();
        for (String word : words(name)) {
            out.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
        }
        return out.toString();
    }

    /** A type or nested-type name: {@link #pascal} with {@code V} before a leading digit. */
    static String typeName(String name) {
        String pascal = pascal(name);
        if (pascal.isEmpty()) {
            return "V";
        }
        return Character.isDigit(pascal.charAt(0)) ? "V" + pascal : pascal;
    }

    /** {@code block-job-cancel} → {@code blockJobCancel}; {@code _} before a leading digit. */
    static String camel(String name) {
        String pascal = pascal(name);
        if (pascal.isEmpty()) {
            return "value";
        }
        String camel = Character.toLowerCase(pascal.charAt(0)) + pascal.substring(1);
        return Character.isDigit(camel.charAt(0)) ? "_" + camel : camel;
    }

    /** {@code aes-128} → {@code AES_128}; {@code _} before a leading digit. */
    static String constant(String name) {
        String constant = String.join("_", words(name)).toUpperCase(Locale.ROOT);
        if (constant.isEmpty()) {
            return "EMPTY";
        }
        return Character.isDigit(constant.charAt(0)) ? "_" + constant : constant;
    }

    /** Whether the text is a valid, non-keyword Java identifier. */
    static boolean isIdentifier(String text) {
        if (text.isEmpty() || KEYWORDS.contains(text) || !Character.isJavaIdentifierStart(text.charAt(0))) {
            return false;
        }
        return text.chars().allMatch(Character::isJavaIdentifierPart);
    }

    /** {@code name} if it is not taken, else {@code name2}, {@code name3}, ... */
    static String unique(String name, Set<String> taken) {
        if (!taken.contains(name)) {
            return name;
        }
        for (int i = 2; ; i++) {
            if (!taken.contains(name + i)) {
                return name + i;
            }
        }
    }
}
