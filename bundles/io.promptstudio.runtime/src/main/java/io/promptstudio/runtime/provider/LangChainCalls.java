package io.promptstudio.runtime.provider;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.ArrayList;
import java.util.List;

/** What every LangChain4j-based adapter does the same way: our messages in, LangChain4j's response out. */
final class LangChainCalls {

    private LangChainCalls() {
    }

    static List<ChatMessage> messages(List<ChatProvider.Message> messages) {
        List<ChatMessage> converted = new ArrayList<>();
        for (ChatProvider.Message message : messages) {
            converted.add(switch (message.role()) {
                case "system" -> SystemMessage.from(message.content());
                case "assistant" -> AiMessage.from(message.content());
                default -> UserMessage.from(message.content());
            });
        }
        return converted;
    }

    /** A seed the client can send (an int), or null after noting that it was not sent. */
    static Integer seed(ModelSettings settings, List<String> notHonoured) {
        if (settings.seed() == null) {
            return null;
        }
        if (settings.seed() > Integer.MAX_VALUE) {
            notHonoured.add("seed " + settings.seed() + " is larger than the client can send; it was not sent");
            return null;
        }
        return settings.seed().intValue();
    }

    static ChatProvider.Reply reply(ChatResponse response, Integer cachedTokens, List<String> notHonoured, Long firstTokenMillis) {
        var usage = response.tokenUsage();
        return new ChatProvider.Reply(response.aiMessage() == null ? "" : response.aiMessage().text(), response.modelName(),
                usage == null ? null : usage.inputTokenCount(), usage == null ? null : usage.outputTokenCount(), cachedTokens,
                response.finishReason() == null ? null : response.finishReason().name(), List.copyOf(notHonoured), firstTokenMillis);
    }
}
