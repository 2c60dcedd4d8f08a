package io.promptstudio.optimize;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What an optimizer varies in a prompt: its instruction (the text of its first system message, or of its first
 * message when it has no system message) and the demonstrations shown before the input. Everything else of the
 * prompt (its signature, output type, profile and other messages) stays as written.
 */
public record Candidate(String instruction, List<Demo> demos) {

    /** A worked example shown to the model: a user message and the assistant's answer. */
    public record Demo(String input, String output) {
    }

    public Candidate {
        demos = List.copyOf(demos);
    }

    public Candidate withInstruction(String text) {
        return new Candidate(text, demos);
    }

    public Candidate withDemos(List<Demo> chosen) {
        return new Candidate(instruction, chosen);
    }

    /** The same key for the same instruction and demos: a candidate proposed twice is scored once. */
    public String key() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(instruction.getBytes(StandardCharsets.UTF_8));
            for (Demo demo : demos) {
                digest.update((byte) 0);
                digest.update(demo.input().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 1);
                digest.update(demo.output().getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
