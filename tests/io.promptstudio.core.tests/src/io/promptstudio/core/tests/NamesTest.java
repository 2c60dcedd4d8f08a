package io.promptstudio.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptstudio.core.Names;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = { "support-bot", "Support Bot", "q3_experiments", "Ünïcödé" })
    void acceptsPortableProjectNames(String name) {
        assertEquals(Optional.empty(), Names.checkProjectName(name));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a/b        | must not contain '/' (position 2)",
            "a:b        | must not contain ':' (position 2)",
            ".hidden    | must not start with '.'",
            "'what?'    | must not contain '?' (position 5)" })
    void rejectsProjectNamesWithTheReason(String name, String reason) {
        String problem = Names.checkProjectName(name).orElseThrow();
        assertTrue(problem.contains(reason), problem);
    }

    @Test
    void rejectsEmptyAndPaddedAndControlCharacterNames() {
        assertEquals(Optional.of("Project name must not be empty"), Names.checkProjectName("  "));
        assertEquals(Optional.of("Project name must not be empty"), Names.checkProjectName(null));
        assertEquals(Optional.of("Project name ' x' must not start or end with spaces"), Names.checkProjectName(" x"));
        assertTrue(Names.checkProjectName("a\u0007b").orElseThrow().contains("\\u0007"));
        assertTrue(Names.checkProjectName("x".repeat(201)).orElseThrow().contains("longer than 200"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "classify-ticket", "classify-ticket.pstudio", "Summarize_v2", "a" })
    void acceptsPromptFileNames(String name) {
        assertEquals(Optional.empty(), Names.checkPromptFileName(name));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "notes.txt           | must end with .pstudio",
            "2fast.pstudio       | must start with a letter",
            "my prompt           | may contain only letters, digits, '_' and '-' (found ' ' at position 3)",
            "sub/dir.pstudio     | must not contain '/'",
            "'.pstudio'          | must not start with '.'" })
    void rejectsPromptFileNamesWithTheReason(String name, String reason) {
        String problem = Names.checkPromptFileName(name).orElseThrow();
        assertTrue(problem.contains(reason), problem);
    }
}
