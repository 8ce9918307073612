package dev.qmp4j.samples.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a {@code --timeout} value: a positive number of seconds, fractions allowed
 * ({@code 10}, {@code 0.5}). Zero, a negative number or anything else is a usage error, so that
 * a timeout is never silently turned into another one.
 */
public final class Seconds implements ITypeConverter<Duration> {
    /** Longer than any wait makes sense for, and well within what a {@link Duration} of nanoseconds holds. */
    private static final BigDecimal MAX = BigDecimal.valueOf(Duration.ofDays(365).toSeconds());

    /**
     * Converts the text of the option.
     *
     * @param text such as {@code "10"} or {@code "0.5"}
     * @return the duration, exact to the nanosecond
     * @throws TypeConversionException when the text is no positive number of seconds up to a year
     */
    @Override
    public Duration convert(String text) {
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is not a number of seconds");
        }
        if (seconds.signum() <= 0) {
            throw new TypeConversionException("must be more than 0 seconds, got " + text);
        }
        if (seconds.compareTo(MAX) > 0) {
            throw new TypeConversionException("must be at most a year (" + MAX + " seconds), got " + text);
        }
        long nanos = seconds.movePointRight(9).setScale(0, RoundingMode.CEILING).longValueExact();
        return Duration.ofNanos(nanos);
    }
}
