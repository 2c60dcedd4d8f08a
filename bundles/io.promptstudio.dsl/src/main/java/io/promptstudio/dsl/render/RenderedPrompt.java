package io.promptstudio.dsl.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * A prompt ready for a model: the chat messages with every template rendered, the arguments they were
 * rendered from (defaults filled in, checked against the parameter types), and the JSON Schema of the
 * output that the answer is parsed against. What the execution engine sends; equal inputs give equal values.
 *
 * @param prompt       the prompt's qualified name
 * @param messages     in order; history parameters expanded into their messages
 * @param arguments    every parameter's value, as plain Java values (String, Long, BigDecimal, Boolean, List, Map, null)
 * @param outputSchema the output type's JSON Schema (2020-12)
 * @param profile      the profile's name, or null when the prompt names none
 */
public record RenderedPrompt(String prompt, List<Message> messages, Map<String, Object> arguments, ObjectNode outputSchema,
        String profile) {

    /** One chat message. */
    public record Message(String role, String content) {
    }
}
