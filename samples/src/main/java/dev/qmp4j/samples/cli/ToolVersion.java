package dev.qmp4j.samples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The tool's version for {@code qmp -V}: the Maven project version, written into
 * {@code version.properties} by resource filtering when the module is built, so that it is the
 * artifact's own version and never a copy that can fall behind.
 */
public final class ToolVersion implements IVersionProvider {
    /** The resource, beside this class, that the build fills in. */
    static final String RESOURCE = "version.properties";

    /**
     * The artifact version.
     *
     * @return such as {@code 0.1.0-SNAPSHOT}
     * @throws IllegalStateException when the build did not fill in the resource
     */
    public static String version() {
        Properties properties = new Properties();
        try (InputStream in = ToolVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = properties.getProperty("version", "");
        if (version.isEmpty() || version.startsWith("${")) {
            throw new IllegalStateException(RESOURCE + " was not filtered by the build: '" + version + "'");
        }
        return version;
    }

    /**
     * The lines {@code qmp -V} prints.
     *
     * @return one line: {@code qmp (qmp4j) VERSION}
     */
    @Override
    public String[] getVersion() {
        return new String[] {"qmp (qmp4j) " + version()};
    }
}
