package dev.qmp4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ReconnectOptionsTest {

    @Test
    void offUnlessAsked() {
        assertSame(ReconnectOptions.disabled(), QmpClientOptions.defaults().reconnect());
        assertFalse(ReconnectOptions.disabled().enabled());
        assertEquals("ReconnectOptions[disabled]", ReconnectOptions.disabled().toString());
    }

    @Test
    void theBuilderTurnsItOnWithTheDocumentedDefaults() {
        ReconnectOptions on = ReconnectOptions.builder().build();
        assertTrue(on.enabled());
        assertEquals(Duration.ofMillis(100), on.initialDelay());
        assertEquals(Duration.ofSeconds(5), on.maxDelay());
        assertEquals(2.0, on.multiplier());
        assertEquals(0.2, on.jitter());
        assertEquals(OptionalInt.empty(), on.maxAttempts());
        assertEquals(DisconnectedCalls.FAIL_FAST, on.disconnectedCalls());
        assertEquals("ReconnectOptions[initialDelay=0.1 s, maxDelay=5 s, multiplier=2.0, jitter=0.2, maxAttempts=unlimited,"
                + " disconnectedCalls=FAIL_FAST]", on.toString());
    }

    @Test
    void toBuilderKeepsEveryValueAndClientOptionsKeepTheGroup() {
        ReconnectOptions custom = ReconnectOptions.builder().initialDelay(Duration.ofMillis(5)).maxDelay(Duration.ofMillis(50))
                .multiplier(1.5).jitter(0).maxAttempts(7).disconnectedCalls(DisconnectedCalls.WAIT).build();
        ReconnectOptions copy = custom.toBuilder().build();
        assertEquals(custom.toString(), copy.toString());
        assertEquals(OptionalInt.of(7), copy.maxAttempts());
        assertEquals(OptionalInt.empty(), custom.toBuilder().unlimitedAttempts().build().maxAttempts());
        QmpClientOptions client = QmpClientOptions.builder().reconnect(custom).build();
        assertSame(custom, client.toBuilder().build().reconnect());
        assertTrue(ReconnectOptions.disabled().toBuilder().build().enabled(), "what a builder builds is on");
    }

    @Test
    void badValuesAreRefusedNamingTheOption() {
        ReconnectOptions.Builder b = ReconnectOptions.builder();
        assertMessage("initialDelay must be positive, got 0 s", () -> b.initialDelay(Duration.ZERO));
        assertMessage("maxDelay must be positive, got -1 s", () -> b.maxDelay(Duration.ofSeconds(-1)));
        assertMessage("multiplier must be a finite number of at least 1, got 0.5", () -> b.multiplier(0.5));
        assertMessage("multiplier must be a finite number of at least 1, got NaN", () -> b.multiplier(Double.NaN));
        assertMessage("multiplier must be a finite number of at least 1, got Infinity",
                () -> b.multiplier(Double.POSITIVE_INFINITY));
        assertMessage("jitter must be at least 0 and less than 1, got 1.0", () -> b.jitter(1));
        assertMessage("jitter must be at least 0 and less than 1, got -0.1", () -> b.jitter(-0.1));
        assertMessage("maxAttempts must be at least 1, got 0", () -> b.maxAttempts(0));
        assertMessage("maxDelay (1 s) must not be shorter than initialDelay (2 s)",
                () -> ReconnectOptions.builder().initialDelay(Duration.ofSeconds(2)).maxDelay(Duration.ofSeconds(1)).build());
        assertThrows(NullPointerException.class, () -> b.disconnectedCalls(null));
        assertThrows(NullPointerException.class, () -> QmpClientOptions.builder().reconnect(null));
    }

    @Test
    void eachChangeCarriesWhatItsKindNeeds() {
        QmpGreeting greeting = new QmpGreeting(new QmpVersion(7, 2, 22), "", java.util.List.of(), new com.google.gson.JsonObject());
        QmpException cause = new QmpConnectionException("gone");
        assertEquals("CONNECTED to QEMU 7.2.22", ConnectionChange.connected(greeting).toString());
        assertEquals("DISCONNECTED: gone", ConnectionChange.disconnected(cause).toString());
        assertEquals("RECONNECTED to QEMU 7.2.22 after 1 attempt", ConnectionChange.reconnected(greeting, 1).toString());
        assertEquals("GAVE_UP after 3 attempts: gone", ConnectionChange.gaveUp(cause, 3).toString());
        assertThrows(IllegalArgumentException.class, () -> ConnectionChange.reconnected(greeting, 0));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionChange(ConnectionChange.Kind.CONNECTED,
                Optional.of(greeting), Optional.of(cause), 0));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionChange(ConnectionChange.Kind.DISCONNECTED,
                Optional.empty(), Optional.empty(), 0));
    }

    private static void assertMessage(String message, Runnable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call::run).getMessage());
    }
}
