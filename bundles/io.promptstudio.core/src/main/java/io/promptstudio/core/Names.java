package io.promptstudio.core;

import java.util.Optional;

/**
 * Rules for the names a user types for projects and prompt files. Each check returns the
 * problem in words a user can act on, or empty when the name is fine.
 */
public final class Names {

    private static final String FORBIDDEN = "/\\:*?\"<>|";
    private static final int MAX_LENGTH = 200;

    private Names() {
    }

    /** Checks a project name: one folder name, portable across file systems. */
    public static Optional<String> checkProjectName(String name) {
        return checkSegment("Project name", name);
    }

    /**
     * Checks the file name of a prompt file, with or without the {@code .pstudio} extension.
     * The part before the extension must also make a valid prompt identifier once capitalised.
     */
    public static Optional<String> checkPromptFileName(String name) {
        Optional<String> segmentProblem = checkSegment("File name", name);
        if (segmentProblem.isPresent()) {
            return segmentProblem;
        }
        String stem = PromptFile.stripExtension(name);
        if (name.contains(".") && !name.endsWith("." + PromptFile.EXTENSION)) {
            return Optional.of("File name '" + name + "' must end with ." + PromptFile.EXTENSION);
        }
        if (stem.isEmpty()) {
            return Optional.of("File name must have a name before ." + PromptFile.EXTENSION);
        }
        if (!Character.isLetter(stem.charAt(0))) {
            return Optional.of("File name '" + name + "' must start with a letter");
        }
        for (int i = 0; i < stem.length(); i++) {
            char c = stem.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '_' && c != '-') {
                return Optional.of("File name '" + name + "' may contain only letters, digits, '_' and '-' (found '" + c
                        + "' at position " + (i + 1) + ")");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> checkSegment(String what, String name) {
        if (name == null || name.isBlank()) {
            return Optional.of(what + " must not be empty");
        }
        if (!name.equals(name.strip())) {
            return Optional.of(what + " '" + name + "' must not start or end with spaces");
        }
        if (name.startsWith(".")) {
            return Optional.of(what + " '" + name + "' must not start with '.'");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of(what + " is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (FORBIDDEN.indexOf(c) >= 0 || Character.isISOControl(c)) {
                String shown = Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
                return Optional.of(what + " '" + name + "' must not contain '" + shown + "' (position " + (i + 1) + ")");
            }
        }
        return Optional.empty();
    }

    /** Throws {@link IllegalArgumentException} with the problem's text when there is one. */
    static void require(Optional<String> problem) {
        problem.ifPresent(message -> {
            throw new IllegalArgumentException(message);
        });
    }
}
