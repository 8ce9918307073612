package dev.qmp4j.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.qmp4j.codegen.Naming.TypeName;
import dev.qmp4j.codegen.Schema.Member;
import dev.qmp4j.codegen.Schema.ObjectType;
import dev.qmp4j.core.QmpMissingMemberException;
import dev.qmp4j.core.QmpProtocolException;
import dev.qmp4j.core.QmpVersion;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every generated type of the committed schema, through its JSON form and back: samples
 * synthesized from the schema model are decoded with the compiled {@code fromJson} and encoded
 * again with {@code toJson}, and must come back equal. Then every object type must decode a
 * sample that lacks a required member and fail only when that member is read, and reject one
 * whose member has the wrong JSON kind, naming type and member.
 */
class RoundTripTest {
    private static Naming naming;
    private static Samples samples;

    @BeforeAll
    static void load() throws IOException {
        naming = Naming.assign(Generator.readCaptures(GeneratedSources.COMMITTED_CAPTURES), NamingTable.builtIn());
        samples = new Samples(naming);
    }

    private static Class<?> generated(String javaName) {
        try {
            return Class.forName(Generator.TYPES_PACKAGE + "." + javaName);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("generated class " + javaName + " is not on the class path", e);
        }
    }

    private static Object decode(Class<?> type, JsonElement json) throws Throwable {
        try {
            return type.getMethod("fromJson", JsonElement.class).invoke(null, json);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static JsonElement encode(Object value) throws ReflectiveOperationException {
        Method toJson = value.getClass().getMethod("toJson");
        toJson.setAccessible(true); // nested records of a sealed interface are public; the method is
        return (JsonElement) toJson.invoke(value);
    }

    @Test
    void everyGeneratedTypeRoundTrips() throws Throwable {
        int checked = 0;
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, TypeName> entry : naming.types().entrySet()) {
            Class<?> type = generated(entry.getValue().javaName());
            for (JsonElement sample : samples.all(entry.getKey())) {
                try {
                    JsonElement again = encode(decode(type, sample));
                    if (!sample.equals(again)) {
                        failures.add(entry.getValue().javaName() + ": " + sample + " came back as " + again);
                    }
                } catch (Throwable t) {
                    failures.add(entry.getValue().javaName() + ": " + sample + " failed: " + t);
                }
                checked++;
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(checked > naming.types().size(), "checked " + checked + " samples");
    }

    @Test
    void everyObjectTypeNamesTheMissingRequiredMember() throws Throwable {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, TypeName> entry : naming.types().entrySet()) {
            if (!(naming.type(entry.getKey()) instanceof ObjectType o)) {
                continue;
            }
            String java = entry.getValue().javaName();
            for (Member m : o.members()) {
                if (m.optional() || m.deprecated()) {
                    continue;
                }
                JsonObject sample = samples.all(entry.getKey()).get(0).getAsJsonObject();
                sample.remove(m.name());
                expectMissingOnRead(failures, java, m.name(), naming.componentNames(o).get(o.members().indexOf(m)),
                        sample);

                JsonElement wrong = samples.wrongKind(m.type());
                if (wrong != null) {
                    JsonObject bad = samples.all(entry.getKey()).get(0).getAsJsonObject();
                    bad.add(m.name(), wrong);
                    expectFailure(failures, java, m.name(), bad);
                }
                break; // the first required member is enough per type
            }
        }
        assertEquals(List.of(), failures);
    }

    private static void expectMissingOnRead(List<String> failures, String java, String member, String accessor,
            JsonObject sample) {
        try {
            Object value = generated(java).getMethod("fromJson", JsonElement.class, QmpVersion.class)
                    .invoke(null, sample, new QmpVersion(99, 1, 0));
            value.getClass().getMethod(accessor).invoke(value);
            failures.add(java + ": read the missing member " + member + " of " + sample);
        } catch (InvocationTargetException e) {
            if (!(e.getCause() instanceof QmpMissingMemberException missing) || !missing.member().equals(member)
                    || !missing.getMessage().startsWith(java + ": ") || !missing.getMessage().contains("99.1.0")) {
                failures.add(java + ": reading missing " + member + " failed with " + e.getCause());
            }
        } catch (Throwable t) {
            failures.add(java + ": failed with " + t);
        }
    }

    private static void expectFailure(List<String> failures, String java, String member, JsonObject sample) {
        try {
            decode(generated(java), sample);
            failures.add(java + ": accepted " + sample);
        } catch (QmpProtocolException e) {
            if (!e.getMessage().startsWith(java + ": ") || !e.getMessage().contains("'" + member + "'")) {
                failures.add(java + ": message does not name type and member: " + e.getMessage());
            }
        } catch (Throwable t) {
            failures.add(java + ": failed with " + t);
        }
    }

    @Test
    void aValueThatIsNotAnObjectIsRejected() {
        try {
            decode(generated("StatusInfo"), new com.google.gson.JsonPrimitive(3));
            fail("accepted a number");
        } catch (QmpProtocolException e) {
            assertEquals("StatusInfo: expected a JSON object, got number 3", e.getMessage());
        } catch (Throwable t) {
            fail(t);
        }
    }
}
