package io.promptstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkout's {@code ./promptstudio} wrapper as a user runs it, from a folder of their own: relative paths are
 * theirs, not the checkout's. (The jar was packaged just before, so the wrapper does not rebuild it.)
 */
class WrapperIT {

    @TempDir
    Path here;

    @Test
    void relativePathsAreResolvedWhereTheUserStands() throws Exception {
        Files.createDirectories(here.resolve("prompts"));
        Files.writeString(here.resolve("prompts/hello.pstudio"), "prompt Hello(name: string) -> string {\n  user \"Hi {{ name }}\"\n}\n");
        Path wrapper = Path.of(System.getProperty("promptstudio.root"), "promptstudio");
        Process process = new ProcessBuilder("bash", wrapper.toString(), "check", "prompts").directory(here.toFile())
                .redirectErrorStream(true).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the wrapper exits");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("checked 1 file: 0 errors, 0 warnings"), output);
    }
}
