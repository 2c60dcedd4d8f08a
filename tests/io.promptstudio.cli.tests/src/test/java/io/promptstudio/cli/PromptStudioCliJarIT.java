package io.promptstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** Runs the packaged jar as a user does: a separate JVM, {@code java -jar}. */
class PromptStudioCliJarIT {

    private final Path jar = Path.of(System.getProperty("promptstudio.cli.jar"));

    @Test
    void theJarRunsAndPrintsTheVersion() throws Exception {
        Process process = new ProcessBuilder(javaBinary(), "-jar", jar.toString(), "--version")
                .redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the CLI exits");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.startsWith("promptstudio " + System.getProperty("promptstudio.expectedVersion")), output);
    }

    @Test
    void theJarCarriesNoUiAndNoEclipseRuntime() throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> forbidden = file.stream().map(entry -> entry.getName())
                    .filter(name -> name.startsWith("org/eclipse/swt/") || name.startsWith("org/eclipse/jface/")
                            || name.startsWith("org/eclipse/ui/") || name.startsWith("org/eclipse/osgi/")
                            || name.startsWith("org/eclipse/core/runtime/adaptor/"))
                    .toList();
            assertEquals(List.of(), forbidden);
            assertTrue(file.getEntry("io/promptstudio/core/PromptWorkspace.class") != null, "core is inside");
            assertTrue(file.getEntry("io/promptstudio/dsl/check/LanguageChecker.class") != null, "the language is inside");
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
