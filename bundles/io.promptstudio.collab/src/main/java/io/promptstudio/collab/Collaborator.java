package io.promptstudio.collab;

/**
 * Someone else in a shared document, from their presence: their name and colour, and their selection as offsets
 * into the text now (-1 when they have no cursor in it).
 */
public record Collaborator(long clientId, String name, String color, int anchor, int head) {
}
