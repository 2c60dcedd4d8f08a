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

    /**
     * The settings every provider's request carries the same way: model, temperature, top_p, max_tokens, stop and,
     * for a typed output, the provider's JSON mode. Seeds differ by provider and are left to each adapter.
     */
    static <B extends dev.langchain4j.model.chat.request.DefaultChatRequestParameters.Builder<?>> B common(B parameters, ChatProvider.Call call,
            Integer defaultMaxTokens) {
        ModelSettings settings = call.settings();
        parameters.modelName(settings.model());
        if (settings.temperature() != null) {
            parameters.temperature(settings.temperature().doubleValue());
        }
        if (settings.topP() != null) {
            parameters.topP(settings.topP().doubleValue());
        }
        Integer maxTokens = settings.maxTokens() != null ? settings.maxTokens() : defaultMaxTokens;
        if (maxTokens != null) {
            parameters.maxOutputTokens(maxTokens);
        }
        if (!settings.stop().isEmpty()) {
            parameters.stopSequences(settings.stop());
        }
        return parameters;
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

    /** A streamed response and when its first piece came. */
    record Streamed(ChatResponse response, Long firstTokenMillis) {
    }

    /**
     * Runs a streamed call to its end: {@code onText} gets each piece; a stream that ends without a finish reason is
     * {@code cut-off}, not an answer. A call refused with 429 or 5xx before its first piece is retried as the
     * profile says, with the backoff of {@link Retry} (a streamed error carries no {@code Retry-After}).
     */
    static Streamed stream(java.util.function.Consumer<dev.langchain4j.model.chat.response.StreamingChatResponseHandler> start,
            ModelSettings settings, Retry retry, java.util.function.Consumer<String> onText) throws ProviderException {
        for (int attempt = 0;; attempt++) {
            java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
            try {
                return streamOnce(start, settings.timeout(), text -> {
                    started.set(true);
                    onText.accept(text);
                });
            } catch (ProviderException e) {
                boolean retriable = e.kind().equals("rate-limit") || e.kind().equals("server");
                if (!retriable || started.get() || attempt >= settings.retries()) {
                    throw e;
                }
                try {
                    retry.pause(attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new ProviderException("cancelled", "the run was cancelled while waiting to retry", interrupted);
                }
            }
        }
    }

    private static Streamed streamOnce(java.util.function.Consumer<dev.langchain4j.model.chat.response.StreamingChatResponseHandler> start,
            java.time.Duration timeout, java.util.function.Consumer<String> onText) throws ProviderException {
        java.util.concurrent.CompletableFuture<ChatResponse> done = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.atomic.AtomicLong firstToken = new java.util.concurrent.atomic.AtomicLong(-1);
        long begin = System.nanoTime();
        start.accept(new dev.langchain4j.model.chat.response.StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String text) {
                firstToken.compareAndSet(-1, (System.nanoTime() - begin) / 1_000_000);
                onText.accept(text);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        ChatResponse response;
        try {
            response = done.get(timeout.toMillis() + 1_000, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw OpenAiChatProvider.classify(e.getCause() == null ? e : e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ProviderException("timeout", "no complete answer within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("cancelled", "the run was cancelled", e);
        }
        if (response.finishReason() == null) {
            String text = response.aiMessage() == null || response.aiMessage().text() == null ? "" : response.aiMessage().text();
            throw new ProviderException("cut-off", "the stream ended before the answer was complete (" + text.length()
                    + " characters arrived, no finish reason)", null);
        }
        return new Streamed(response, firstToken.get() < 0 ? null : firstToken.get());
    }

    static ChatProvider.Reply reply(ChatResponse response, Integer cachedTokens, List<String> notHonoured, Long firstTokenMillis) {
        var usage = response.tokenUsage();
        return new ChatProvider.Reply(response.aiMessage() == null ? "" : response.aiMessage().text(), response.modelName(),
                usage == null ? null : usage.inputTokenCount(), usage == null ? null : usage.outputTokenCount(), cachedTokens,
                response.finishReason() == null ? null : response.finishReason().name(), List.copyOf(notHonoured), firstTokenMillis);
    }
}
