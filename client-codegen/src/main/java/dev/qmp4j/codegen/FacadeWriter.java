package dev.qmp4j.codegen;

import dev.qmp4j.codegen.JavaTypes.Ref;
import dev.qmp4j.codegen.Schema.Command;
import dev.qmp4j.codegen.Schema.ObjectType;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the three command facades from one list of commands: the same method names, only the
 * return types differ ({@code CompletableFuture<T>}, {@code Mono<T>}, {@code T}). Every method
 * delegates to {@code TypedCall.call}. The commands that take file descriptors sent along get an
 * overload with {@code QmpFileDescriptors} too.
 */
final class FacadeWriter {
    /** The commands that take a file descriptor sent with them (SCM_RIGHTS). */
    private static final java.util.Set<String> DESCRIPTOR_COMMANDS = java.util.Set.of("getfd", "add-fd");

    /** Which API a facade serves. */
    enum Flavor {
        CORE("dev.qmp4j.core.types", "QmpCommands", "QmpSession"),
        REACTIVE("dev.qmp4j.reactive", "ReactiveQmpCommands", "ReactiveQmpSession"),
        BLOCKING("dev.qmp4j.blocking", "BlockingQmpCommands", "BlockingQmpSession");

        final String packageName;
        final String className;
        final String sessionClass;

        Flavor(String packageName, String className, String sessionClass) {
            this.packageName = packageName;
            this.className = className;
            this.sessionClass = sessionClass;
        }
    }

    /** One command as the facades present it. */
    private record Method(Command command, String name, String argumentsType, boolean argumentsOptional,
            Ref result, String decoder) {
    }

    private final Naming naming;
    private final JavaTypes types;
    private final Generator.Context context;

    FacadeWriter(Naming naming, JavaTypes types, Generator.Context context) {
        this.naming = naming;
        this.types = types;
        this.context = context;
    }

    private List<Method> methods() {
        List<Method> methods = new ArrayList<>();
        Schema schema = naming.schema();
        for (Command c : schema.commands()) {
            String arguments = null;
            boolean argumentsOptional = false;
            if (!schema.isEmptyObject(c.argType())) {
                arguments = naming.javaName(c.argType());
                ObjectType args = (ObjectType) schema.type(c.argType());
                argumentsOptional = !args.isUnion()
                        && args.members().stream().allMatch(m -> m.optional() || m.deprecated());
            }
            Ref result = schema.isEmptyObject(c.retType()) ? null : types.ref(c.retType());
            String decoder = result == null ? "TypedJson::none" : result.decoder();
            methods.add(new Method(c, naming.methods().get(c.name()), arguments, argumentsOptional, result, decoder));
        }
        return methods;
    }

    String write(Flavor flavor) {
        JavaFile out = context.file(flavor.packageName);
        String cls = flavor.className;
        String session = flavor.sessionClass;
        String style = switch (flavor) {
            case CORE -> "a {@code CompletableFuture} of its result";
            case REACTIVE -> "a cold {@code Mono} of its result, sent on each subscription";
            case BLOCKING -> "its result once it came, waiting at most the session's command timeout";
        };
        out.javadoc("Every QMP command of QEMU " + naming.schema().versionList()
                        + " as a typed method, returning " + style + ".",
                "Method names are the command names in camel case ({@code query-status} is",
                "{@code queryStatus()}); commands that return {@code {}} give "
                        + (flavor == Flavor.BLOCKING ? "{@code void}." : "{@code Void}."),
                "",
                "<p>Obtain one with {@link #of(" + session + ")}; it is as thread-safe as the session.");
        out.open("public final class " + cls + " {");
        out.line("private final " + session + " session;");
        out.line("");
        out.open("private " + cls + "(" + session + " session) {");
        out.line("this.session = Objects.requireNonNull(session, \"session\");");
        out.close("}");
        out.line("");
        out.javadoc("The typed commands of a session.", "", "@param session the session", "@return the facade");
        out.open("public static " + cls + " of(" + session + " session) {");
        out.line("return new " + cls + "(session);");
        out.close("}");
        out.line("");
        for (Method m : methods()) {
            boolean[] descriptorForms = DESCRIPTOR_COMMANDS.contains(m.command().name())
                    ? new boolean[] {false, true} : new boolean[] {false};
            for (boolean descriptors : descriptorForms) {
                if (m.argumentsType() != null && m.argumentsOptional()) {
                    writeMethod(out, flavor, m, false, descriptors);
                }
                writeMethod(out, flavor, m, m.argumentsType() != null, descriptors);
            }
        }
        writeCall(out, flavor);
        out.close("}");
        return out.text();
    }

    private void writeMethod(JavaFile out, Flavor flavor, Method m, boolean withArguments, boolean withDescriptors) {
        String resultType = m.result() == null ? "Void" : m.result().boxed();
        String returnType = switch (flavor) {
            case CORE -> "CompletableFuture<" + resultType + ">";
            case REACTIVE -> "Mono<" + resultType + ">";
            case BLOCKING -> m.result() == null ? "void" : m.result().type();
        };
        List<String> doc = new ArrayList<>();
        Command c = m.command();
        doc.add("Runs the QMP command {@code " + c.name() + "}"
                + (m.argumentsType() != null && !withArguments ? " without arguments" : "")
                + (withDescriptors ? ", sending file descriptors with it." : "."));
        if (withDescriptors) {
            doc.add("");
            doc.add("<p>QEMU takes the first descriptor and closes any others; see {@link QmpFileDescriptors} for who");
            doc.add("closes what, and {@code QmpSession.executeWithFileDescriptors} for what the session needs.");
        }
        String available = Versions.sentence(c.versions(), naming.schema());
        if (!available.isEmpty()) {
            doc.add("");
            doc.add("<p>" + available);
        }
        if (c.deprecated()) {
            doc.add("");
            doc.add("<p>Deprecated by QEMU: refused when QEMU runs with {@code -compat deprecated-input=reject}.");
        }
        boolean removed = Versions.removed(c.versions(), naming.schema());
        if (c.unstable()) {
            doc.add("");
            doc.add("<p>Unstable: experimental in QEMU, may change or go away in any release.");
        }
        doc.add("");
        if (withArguments) {
            doc.add("@param arguments the command's arguments");
        }
        if (withDescriptors) {
            doc.add("@param descriptors the descriptors to send, or the file to open and send");
        }
        String what = m.result() == null ? "completion" : "result";
        doc.add(switch (flavor) {
            case CORE -> "@return the " + what + "; fails with {@code QmpCommandException} when the server answers "
                    + "with an error";
            case REACTIVE -> "@return a cold Mono of the " + what + "; errors with {@code QmpCommandException} when "
                    + "the server answers with an error";
            case BLOCKING -> m.result() == null ? null : "@return the result";
        });
        doc.removeIf(line -> line == null);
        if (flavor == Flavor.BLOCKING) {
            doc.add("@throws dev.qmp4j.core.QmpCommandException when the server answers with an error");
            doc.add("@throws dev.qmp4j.core.QmpTimeoutException when no reply comes in time");
        }
        if (removed) {
            doc.add(Versions.removedTag(c.versions(), naming.schema()));
        }
        out.javadoc(doc.toArray(String[]::new));
        if (c.deprecated() || removed) {
            out.line("@Deprecated");
        }
        if (c.unstable()) {
            out.line("@Unstable");
        }
        List<String> params = new ArrayList<>();
        if (withArguments) {
            params.add(m.argumentsType() + " arguments");
        }
        if (withDescriptors) {
            params.add("QmpFileDescriptors descriptors");
        }
        out.open("public " + returnType + " " + m.name() + "(" + String.join(", ", params) + ") {");
        String argumentsJson = "null";
        if (withArguments) {
            out.line("Objects.requireNonNull(arguments, \"arguments\");");
            argumentsJson = "arguments.toJson()";
        }
        if (withDescriptors) {
            out.line("Objects.requireNonNull(descriptors, \"descriptors\");");
        }
        String call = "call(\"" + c.name() + "\", " + argumentsJson + ", " + (withDescriptors ? "descriptors, " : "")
                + m.decoder() + ")";
        out.line(flavor == Flavor.BLOCKING && m.result() == null ? call + ";" : "return " + call + ";");
        out.close("}");
        out.line("");
    }

    private void writeCall(JavaFile out, Flavor flavor) {
        switch (flavor) {
            case CORE -> {
                out.line("private <R> CompletableFuture<R> call(String command, JsonObject arguments,");
                out.line("        JsonDecoder<R> decoder) {");
                out.indent();
                out.line("return TypedCall.call(session, command, arguments, decoder);");
                out.close("}");
                out.line("");
                out.line("private <R> CompletableFuture<R> call(String command, JsonObject arguments,");
                out.line("        QmpFileDescriptors descriptors, JsonDecoder<R> decoder) {");
                out.indent();
                out.line("return TypedCall.call(session, command, arguments, descriptors, decoder);");
                out.close("}");
            }
            case REACTIVE -> {
                out.line("private <R> Mono<R> call(String command, JsonObject arguments,");
                out.line("        JsonDecoder<R> decoder) {");
                out.indent();
                out.line("return call(command, arguments, null, decoder);");
                out.close("}");
                out.line("");
                out.line("private <R> Mono<R> call(String command, JsonObject arguments,");
                out.line("        QmpFileDescriptors descriptors, JsonDecoder<R> decoder) {");
                out.indent();
                out.line("// cold: the command is sent on each subscription; cancelling cancels the call");
                out.line("return Mono.fromFuture(() -> TypedCall.call(session.async(), command, arguments, "
                        + "descriptors, decoder), false);");
                out.close("}");
            }
            case BLOCKING -> {
                out.open("private <R> R call(String command, JsonObject arguments, JsonDecoder<R> decoder) {");
                out.line("return call(command, arguments, null, decoder);");
                out.close("}");
                out.line("");
                out.line("private <R> R call(String command, JsonObject arguments, QmpFileDescriptors descriptors,");
                out.line("        JsonDecoder<R> decoder) {");
                out.indent();
                out.line("Await.checkNotInterrupted(\"command \" + command);");
                out.line("QmpSession async = session.async();");
                out.line("return Await.result(TypedCall.call(async, command, arguments, descriptors, decoder),");
                out.line("        Await.withGrace(async.options().commandTimeout()), \"command \" + command);");
                out.close("}");
            }
            default -> throw new IllegalStateException();
        }
    }
}
