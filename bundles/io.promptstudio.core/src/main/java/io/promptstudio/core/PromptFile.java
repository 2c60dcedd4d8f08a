package io.promptstudio.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A prompt file of a project: source text in PromptStudio's prompt language, stored as UTF-8.
 *
 * @param projectName      the name of the project that holds the file
 * @param projectDirectory the project's folder
 * @param relativePath     where the file lies inside the project
 */
public record PromptFile(String projectName, Path projectDirectory, Path relativePath) {

    /**
     * The file extension of prompt files. Chosen to clash with no other prompt format
     * ({@code .prompt}, {@code .prompty}, {@code .baml}, {@code .pdl}, {@code .poml}).
     */
    public static final String EXTENSION = "pstudio";

    /** The file on disk. */
    public Path path() {
        return projectDirectory.resolve(relativePath);
    }

    /** The file name with its extension, e.g. {@code classify-ticket.pstudio}. */
    public String fileName() {
        return relativePath.getFileName().toString();
    }

    /** The identifier a new file's first prompt takes: {@code classify-ticket.pstudio} gives {@code ClassifyTicket}. */
    public String promptName() {
        return promptNameFor(fileName());
    }

    /**
     * Reads the file's text. Bytes that are not UTF-8 are an error naming the file and the byte
     * offset, never silently replaced: a save after a lossy read would corrupt the file.
     */
    public String read() throws IOException {
        Path file = path();
        byte[] bytes = Files.readAllBytes(file);
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            return decoder.decode(buffer).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": not valid UTF-8 at byte " + buffer.position(), e);
        }
    }

    /** Whether a path names a prompt file by its extension. */
    public static boolean isPromptFile(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith("." + EXTENSION)
                && name.toString().length() > EXTENSION.length() + 1;
    }

    /** The name without a trailing {@code .pstudio}. */
    public static String stripExtension(String fileName) {
        String suffix = "." + EXTENSION;
        return fileName.toLowerCase(Locale.ROOT).endsWith(suffix)
                ? fileName.substring(0, fileName.length() - suffix.length())
                : fileName;
    }

    /** A file name with the extension added when the user left it out. */
    public static String withExtension(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith("." + EXTENSION) ? fileName : fileName + "." + EXTENSION;
    }

    /** The prompt identifier for a file name: its words capitalised and joined. */
    public static String promptNameFor(String fileName) {
        StringBuilder name = new StringBuilder();
        boolean upper = true;
        for (char c : stripExtension(fileName).toCharArray()) {
            if (c == '-' || c == '_' || c == ' ') {
                upper = true;
            } else if (Character.isLetterOrDigit(c)) {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.isEmpty() ? "Prompt" : name.toString();
    }

    /**
     * The text of a new prompt file: one typed prompt to start from. The prompt language issue
     * defines the grammar; until then the text follows its sketch.
     */
    public static String initialContent(String promptName) {
        return """
                // A PromptStudio prompt file: typed inputs, a model profile, messages and tests.

                prompt %s(text: string) -> string {
                  system \"\"\"
                    You are a precise assistant.
                  \"\"\"
                  user \"\"\"
                    {{ text }}
                  \"\"\"
                }
                """.formatted(promptName);
    }
}
