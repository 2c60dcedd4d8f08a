package io.promptstudio.tests.support.providers;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model whose answers depend on the prompt in known ways, for testing optimizers. As a review classifier it answers
 * right only when its instruction asks it to think step by step, or when it is shown at least two worked examples;
 * otherwise it says POSITIVE to everything (half right on balanced rows). As the optimizers' own prompts it answers
 * as the papers' operators would: some proposals bring in "step by step", some do not, and some break the prompt
 * (OPRO's first proposal of a step drops the output format, its second reads an input that does not exist), so that
 * the language has candidates to reject. An answer depends on the request alone (a replayed request gets the same
 * answer), and different requests propose different text (each carries a tag of its request).
 */
public final class OptimizerAnswers {

    private final AtomicInteger proposals = new AtomicInteger();
    private final AtomicInteger classifications = new AtomicInteger();

    /** Proposals made so far (the optimizers' own calls). */
    public AtomicInteger proposals() {
        return proposals;
    }

    /** Reviews classified so far (the candidates' calls). */
    public AtomicInteger classifications() {
        return classifications;
    }

    /** The answer to an OpenAI chat request. */
    public String answer(JsonNode request) {
        JsonNode messages = request.path("messages");
        String system = messages.get(0).path("content").asText();
        String user = messages.get(messages.size() - 1).path("content").asText();
        if (system.startsWith("You write instructions")) {
            proposals.incrementAndGet();
            return switch (number(user, "proposal")) {
                case 1 -> proposal("Classify the review, number " + tag(user) + ".");
                case 2 -> proposal("Classify the review by {{ reviewer }}, number " + tag(user) + ".\n{{ output_format }}");
                default -> proposal("Classify the review; think step by step, number " + tag(user) + ".\n{{ output_format }}");
            };
        }
        if (system.startsWith("You rewrite instructions")) {
            proposals.incrementAndGet();
            return proposal("Please classify the review, variant " + number(user, "variation") + ".\n{{ output_format }}");
        }
        if (system.startsWith("You breed instructions") && user.contains("Cross over the following")) {
            proposals.incrementAndGet();
            int child = number(user, "child");
            return proposal(child % 3 == 0 ? "Read the review and reason step by step before you classify it (child " + tag(user) + ").\n"
                    + "{{ output_format }}" : "Classify the review, child " + tag(user) + ".\n{{ output_format }}");
        }
        if (system.startsWith("You breed instructions")) {
            proposals.incrementAndGet();
            int trial = number(user, "trial");
            return proposal(trial % 2 == 0 ? "Go step by step through the review, then classify it (trial " + tag(user) + ").\n{{ output_format }}"
                    : "Classify the review, trial " + tag(user) + ".\n{{ output_format }}");
        }
        if (system.startsWith("You improve instructions that tell")) {
            proposals.incrementAndGet();
            return proposal("Rewrite the instruction so that it says how to reason, version " + tag(user) + ".");
        }
        if (system.startsWith("You improve instructions")) {
            proposals.incrementAndGet();
            boolean stepwise = user.contains("Let's think step by step.") || user.contains("how to reason");
            return proposal(stepwise ? "Think step by step about the review, then classify it (mutant " + tag(user) + ").\n{{ output_format }}"
                    : "Classify the review well (mutant " + tag(user) + ").\n{{ output_format }}");
        }
        if (system.startsWith("You debug instructions")) {
            proposals.incrementAndGet();
            return "{\"diagnosis\": \"it answers POSITIVE without reading the review\", \"instruction\": \"Classify the review step by step.\\n"
                    + "{{ output_format }}\"}";
        }
        classifications.incrementAndGet();
        long shown = 0;
        for (JsonNode message : messages) {
            shown += message.path("role").asText().equals("assistant") ? 1 : 0;
        }
        boolean right = system.toLowerCase(Locale.ROOT).contains("step by step") || shown >= 2;
        String label = right && (user.contains("broke") || user.contains("awful") || user.contains("refund")) ? "NEGATIVE" : "POSITIVE";
        return "{\"label\": \"" + label + "\"}";
    }

    /** The number the optimizer's prompt gives its request ("This is child 3."): answers depend on the request alone. */
    private static int number(String user, String word) {
        java.util.regex.Matcher found = java.util.regex.Pattern.compile("This is " + word + " (\\d+)").matcher(user);
        return found.find() ? Integer.parseInt(found.group(1)) : 0;
    }

    /** A short tag of the whole request, so that different requests propose different text. */
    private static String tag(String user) {
        return Integer.toHexString(user.hashCode() & 0xFFFFF);
    }

    private static String proposal(String instruction) {
        return "{\"instruction\": \"" + instruction.replace("\n", "\\n") + "\"}";
    }

    private static final String[] POSITIVE = { "I love this kettle", "great battery life", "works as promised", "lovely colour",
            "fast delivery and it works", "my kids adore it", "sturdy and well made", "exactly what I needed", "would buy again", "five stars" };
    private static final String[] NEGATIVE = { "it broke after a week", "awful smell", "I want a refund", "the lid broke", "awful customer service",
            "refund please, it leaks", "broke on arrival", "awful fit", "asked for a refund twice", "the handle broke off" };

    /**
     * Writes {@code classify.pstudio} (namespace {@code shop}: the prompt {@code Classify}, its test, the dataset
     * {@code Reviews} and the eval {@code Accuracy}) and its 100 rows, {@code reviews.jsonl}, into {@code dir}, with
     * the profile {@code fake} calling {@code endpoint}; returns the prompt file.
     */
    public static Path writeWorkspace(Path dir, String endpoint) throws IOException {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            rows.append("{\"review\": \"").append(POSITIVE[i % 10]).append(" (").append(i).append(")\", \"expected\": {\"label\": \"POSITIVE\"}}\n");
            rows.append("{\"review\": \"").append(NEGATIVE[i % 10]).append(" (").append(i).append(")\", \"expected\": {\"label\": \"NEGATIVE\"}}\n");
        }
        Files.writeString(dir.resolve("reviews.jsonl"), rows);
        return Files.writeString(dir.resolve("classify.pstudio"), """
                namespace shop

                profile fake {
                  provider = "openai-compatible"
                  endpoint = "%s"
                  model = "gpt-4o-mini"
                  temperature = 0
                }

                enum Label { POSITIVE, NEGATIVE }

                class Verdict {
                  label: Label
                }

                /** Sorts reviews for the support team. */
                prompt Classify(review: string) -> Verdict using fake {
                  system \"""
                    Classify the review.
                    {{ output_format }}
                  \"""
                  // the review itself, as the customer wrote it
                  user "{{ review }}"
                }

                test Loved for Classify {
                  input {
                    review = "I love it"
                  }
                  expect {
                    output.label == Label.POSITIVE
                  }
                }

                dataset Reviews for Classify from "reviews.jsonl"

                eval Accuracy {
                  prompts Classify
                  dataset Reviews
                  assert {
                    right: output.label == expected.label
                  }
                }
                """.formatted(endpoint));
    }
}
