package io.promptstudio.runtime.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One model provider: sends a chat and returns the answer with what the provider reports about it. */
public interface ChatProvider {

    /** A message of the conversation sent. */
    record Message(String role, String content) {
    }

    /**
     * One call.
     *
     * @param outputSchema the JSON Schema the answer should follow, or null for free text
     */
    record Call(List<Message> messages, ModelSettings settings, JsonNode outputSchema) {
    }

    /**
     * What came back. Token counts are the provider's own usage figures (null when it reports none);
     * {@code notHonoured} names settings the provider ignores, so that the run can warn that it is not reproducible.
     */
    record Reply(String text, String model, Integer inputTokens, Integer outputTokens, Integer cachedTokens, String finishReason,
            List<String> notHonoured, Long firstTokenMillis) {
    }

    Reply chat(Call call) throws ProviderException;

    /**
     * The same call, streamed where the provider can: {@code onText} gets each piece as it arrives, and the reply
     * says when the first one came. Providers that cannot stream answer in one piece.
     */
    default Reply chatStreaming(Call call, java.util.function.Consumer<String> onText) throws ProviderException {
        Reply reply = chat(call);
        onText.accept(reply.text());
        return reply;
    }
}
