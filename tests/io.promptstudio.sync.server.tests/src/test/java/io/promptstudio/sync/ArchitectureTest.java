package io.promptstudio.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The server's core packages (config, auth, storage, rooms, api) must stay free of Netty and of its own adapter, so that the document and
 * session logic can be tested and reused without a network (and packages form no cycle).
 */
class ArchitectureTest {

    private static final Path CORE_PACKAGE = Path.of(System.getProperty("promptstudio.root", "../.."))
            .resolve("sync-server/src/main/java/io/promptstudio/sync");

    @Test
    void theCorePackageImportsNeitherNettyNorTheAdapters() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(CORE_PACKAGE)) {
            sources = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> !file.startsWith(CORE_PACKAGE.resolve("http")) && !file.startsWith(CORE_PACKAGE.resolve("launch"))
                            && !file.startsWith(CORE_PACKAGE.resolve("embedded")))
                    .toList();
        }
        assertTrue(sources.stream().anyMatch(file -> file.startsWith(CORE_PACKAGE.resolve("rooms"))), "the session core is checked");
        assertFalse(sources.isEmpty(), "the core package has sources to check");
        List<String> offending = sources.stream()
                .flatMap(ArchitectureTest::imports)
                .filter(line -> line.startsWith("import io.netty.") || line.startsWith("import io.promptstudio.sync.http.")
                        || line.startsWith("import io.promptstudio.sync.launch."))
                .toList();
        assertEquals(List.of(), offending);
    }

    private static Stream<String> imports(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip).filter(line -> line.startsWith("import "))
                    .map(line -> line + "   // " + file.getFileName());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
