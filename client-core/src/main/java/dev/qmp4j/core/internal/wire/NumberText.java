package dev.qmp4j.core.internal.wire;

import java.math.BigDecimal;

/**
 * A JSON number kept as its text and converted when asked, as in the trees Gson itself parses
 * (its own such class is not exported): the same text back from {@code toString}, the same
 * values, and so the same equality and hash codes inside a {@link com.google.gson.JsonPrimitive},
 * which compares such numbers by their double value.
 */
final class NumberText extends Number {
    private static final long serialVersionUID = 1L;
    /** The longest text and the largest scale converted through a decimal: Gson's own limits. */
    private static final int MAX_LENGTH = 10_000;

    private final String text;

    /** Wraps {@code text}, a number as JSON writes it. */
    NumberText(String text) {
        this.text = text;
    }

    @Override
    public int intValue() {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            try {
                return (int) Long.parseLong(text);
            } catch (NumberFormatException again) {
                return decimal().intValue();
            }
        }
    }

    @Override
    public long longValue() {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return decimal().longValue();
        }
    }

    /**
     * The number as a decimal, refused as Gson refuses it when it is too long or its exponent too
     * large: turning {@code 1e999999999} into a long would take practically forever.
     */
    private BigDecimal decimal() {
        if (text.length() > MAX_LENGTH) {
            throw new NumberFormatException("number has more than " + MAX_LENGTH + " characters");
        }
        BigDecimal decimal = new BigDecimal(text);
        if (Math.abs((long) decimal.scale()) >= MAX_LENGTH) {
            throw new NumberFormatException("number has too large a scale: " + WireCodec.excerpt(text));
        }
        return decimal;
    }

    @Override
    public float floatValue() {
        return Float.parseFloat(text);
    }

    @Override
    public double doubleValue() {
        return Double.parseDouble(text);
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof NumberText n && text.equals(n.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
