package io.promptstudio.cli;

/**
 * Realistic prompt files for benchmarks: each file has its own namespace, imports the one before it, declares
 * an enum and two records, and has prompts whose templates use members, filters, loops and conditions, plus tests.
 */
final class SyntheticWorkspace {

    static final int TESTS_PER_FILE = 2;

    private SyntheticWorkspace() {
    }

    static String file(int index, int prompts) {
        StringBuilder text = new StringBuilder();
        text.append("namespace module").append(index).append('\n');
        if (index > 0) {
            text.append("import module").append(index - 1).append(".*\n");
        }
        text.append("""

                /** How urgent an item is. */
                enum Level@I { LOW, MEDIUM, HIGH @description("needs a person today") }

                class Item@I {
                  title: string @minLength(1)
                  body: string
                  tags: string[]
                  level: Level@I
                  parent: Item@I?
                }

                class Result@I {
                  level: Level@I
                  summary: string @maxLength(400)
                  confidence: float @range(0, 1)
                  reasons: string[] @minItems(1)
                }

                profile settings@I {
                  provider = "openai"
                  model = "gpt-4o-mini"
                  temperature = 0
                  seed = @I
                }
                """.replace("@I", String.valueOf(index)));
        String previous = index > 0 ? "Item" + (index - 1) : "Item" + index;
        for (int p = 0; p < prompts; p++) {
            text.append("""

                    /** Summarizes an item (variant @P). */
                    prompt Summarize@P(item: Item@I, related: @R[], style: string = "short") -> Result@I using settings@I {
                      system \"""
                        Summarize for a @P-person team in a {{ style | lower }} style.
                        {% if item.parent %}It continues "{{ item.title }}".{% endif %}
                        {{ output_format }}
                      \"""
                      user \"""
                        {{ item.title | trim }}: {{ item.body }}
                        Tags: {{ item.tags | join(", ") }}
                        {% for other in related %}- {{ other.title }} ({{ other.level }})
                        {% endfor %}
                      \"""
                    }
                    """.replace("@I", String.valueOf(index)).replace("@P", String.valueOf(p)).replace("@R", previous));
        }
        for (int t = 0; t < Math.min(TESTS_PER_FILE, prompts); t++) {
            text.append("""

                    test Case@P for Summarize@P {
                      input {
                        item = { title: "Login fails", body: "Since 9:00 nobody can log in.", tags: ["auth"], level: Level@I.HIGH, parent: null }
                        related = []
                      }
                      expect {
                        output.level == Level@I.HIGH
                        length(output.reasons) >= 1
                      }
                    }
                    """.replace("@I", String.valueOf(index)).replace("@P", String.valueOf(t)));
        }
        return text.toString();
    }
}
