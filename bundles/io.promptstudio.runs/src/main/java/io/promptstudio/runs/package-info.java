/**
 * Running a prompt, in one place: {@link io.promptstudio.runs.PromptRuns} renders a {@link io.promptstudio.runs.RunRequest},
 * resolves its settings, answers from the cache when it can, executes, parses, records the run and stores the answer.
 * What it needs from outside is an interface here: the prompts ({@link io.promptstudio.runs.PromptCatalog}), the
 * history ({@link io.promptstudio.runs.RunRecorder}), the cache ({@link io.promptstudio.runs.RunCache}) and the keys
 * ({@link io.promptstudio.runs.KeySource}).
 */
package io.promptstudio.runs;
