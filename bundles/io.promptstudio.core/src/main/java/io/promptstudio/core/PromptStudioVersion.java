package io.promptstudio.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of PromptStudio, as the build stamped it from the parent pom.
 * The CLI, the server and the workbench's About dialog all print this one value.
 */
public final class PromptStudioVersion {

    private static final String RESOURCE = "version.properties";
    private static final String VERSION = load();

    private PromptStudioVersion() {
    }

    /** The release version, e.g. {@code 0.1.0} or {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = PromptStudioVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("io/promptstudio/core/" + RESOURCE + " is missing from the core jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "").trim();
            // An unfiltered resource means the jar was not built by Maven; say so instead of printing a placeholder.
            if (version.isEmpty() || version.startsWith("${")) {
                throw new IllegalStateException("io/promptstudio/core/" + RESOURCE + " was not filtered by the build");
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
