package io.promptstudio.optimize;

import io.promptstudio.core.services.Diagnostic;
import io.promptstudio.core.services.Severity;
import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.check.LanguageChecker;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.promptStudio.PromptModel;
import io.promptstudio.dsl.render.RenderedPrompt;
import io.promptstudio.runs.PromptCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.resource.XtextResource;

/**
 * The language workspace an optimization runs in: the user's files, the optimizers' own prompts, and each candidate
 * as a file of its own that imports the prompt's namespace (so its types and profiles are the prompt's) and is
 * checked by the language before it may be run. Candidate files live only in the workspace, never on disk; the
 * {@link #catalog()} gives their text to the run path as their source.
 *
 * <p>Not thread-safe: candidates are admitted between scorings, never while runs read the model.
 */
public final class CandidateWorkspace {

    /** The namespace of the optimizers' own prompts ({@code optimizers.pstudio}). */
    public static final String META_NAMESPACE = "promptstudio.optimize";
    private static final String FOLDER = ".promptstudio-optimize";

    private final LanguageWorkspace workspace;
    private final Prompt target;
    private final String targetName;
    private final PromptShape shape;
    private final Path folder;
    private final Path promptFile;
    private final Map<Path, String> texts = new ConcurrentHashMap<>();
    private final Map<String, Admission> admitted = new ConcurrentHashMap<>();
    private final PromptCatalog catalog;
    private final LanguageChecker checker = new LanguageChecker();

    /** Whether a candidate may run: its prompt's qualified name, or why not (the language's errors, or the shape's). */
    public record Admission(String prompt, String problem) {
        public boolean valid() {
            return problem == null;
        }
    }

    /**
     * @param workspace the user's files, loaded and free of errors
     * @param target the prompt to optimize, in that workspace
     */
    public CandidateWorkspace(LanguageWorkspace workspace, Prompt target) {
        this.workspace = workspace;
        this.target = target;
        this.targetName = workspace.nameOf(target);
        this.shape = PromptShape.of(target);
        Path file = workspace.resources().entrySet().stream().filter(entry -> entry.getValue() == target.eResource()).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("prompt " + targetName + " is not in a loaded file"));
        this.promptFile = file;
        this.folder = file.getParent().resolve(FOLDER);
        String meta;
        try (InputStream in = CandidateWorkspace.class.getResourceAsStream("optimizers.pstudio")) {
            meta = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the optimizers' prompts are missing from the bundle", e);
        }
        Path metaFile = folder.resolve("optimizers.pstudio");
        add(metaFile, meta);
        List<Diagnostic> errors = errors(metaFile);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("the optimizers' own prompts do not check: " + errors);
        }
        PromptCatalog files = PromptCatalog.of(workspace);
        this.catalog = new PromptCatalog() {
            @Override
            public RenderedPrompt render(String prompt, Map<String, ?> arguments) throws io.promptstudio.dsl.render.ArgumentException {
                return files.render(prompt, arguments);
            }

            @Override
            public String source(String prompt) throws IOException {
                XtextResource resource = (XtextResource) workspace.prompt(prompt).eResource();
                String kept = texts.get(Path.of(resource.getURI().toFileString()).toAbsolutePath().normalize());
                return kept != null ? kept : files.source(prompt);
            }

            @Override
            public Optional<String> profileOf(String prompt) {
                return files.profileOf(prompt);
            }

            @Override
            public Optional<Map<String, Object>> profileSettings(String profile) {
                return files.profileSettings(profile);
            }

            @Override
            public List<String> profiles() {
                return files.profiles();
            }
        };
    }

    public LanguageWorkspace workspace() {
        return workspace;
    }

    public PromptShape shape() {
        return shape;
    }

    /** The file the prompt is written in: what adopting a candidate rewrites. */
    public Path promptFile() {
        return promptFile;
    }

    /** The qualified name of the prompt being optimized. */
    public String targetName() {
        return targetName;
    }

    public Prompt target() {
        return target;
    }

    /** The prompts of the workspace, candidates and optimizers' prompts included, for the run path. */
    public PromptCatalog catalog() {
        return catalog;
    }

    /** What every proposal must keep, in words for the optimizers' prompts: the placeholders the instruction reads. */
    public String rules() {
        if (shape.requiredNames().isEmpty()) {
            return "Give only the instruction itself.";
        }
        return "Give only the instruction itself, and keep each of these placeholders in it exactly as written, braces and all: "
                + String.join(", ", shape.requiredNames().stream().map(name -> "{{ " + name + " }}").toList()) + ".";
    }

    /** The profile the eval runs the prompt with ({@code prompts P} with {@code profiles …}), or null for the prompt's own. */
    public String profileIn(io.promptstudio.eval.EvalSuite suite) {
        return suite.variants().stream().filter(variant -> variant.prompt().equals(targetName)).map(io.promptstudio.eval.EvalSuite.Variant::profile)
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** The profile the optimizers' own prompts run with when none is named: the eval's for the prompt, else the prompt's. */
    public String metaProfile(io.promptstudio.eval.EvalSuite suite) {
        String profile = profileIn(suite);
        return profile != null ? profile : catalog.profileOf(targetName).orElse(null);
    }

    /** The qualified name of one of the optimizers' own prompts. */
    public static String meta(String prompt) {
        return META_NAMESPACE + "." + prompt;
    }

    /**
     * Writes the candidate as a prompt of its own and checks it: the same candidate is admitted once. The written
     * prompt ({@link #start() the start}) is the target itself.
     */
    public Admission admit(Candidate candidate) {
        if (candidate.equals(shape.start())) {
            return new Admission(targetName, null);
        }
        return admitted.computeIfAbsent(candidate.key(), key -> {
            String problem = shape.problem(candidate);
            if (problem != null) {
                return new Admission(null, problem);
            }
            String namespace = "promptstudio.candidate.c" + key;
            PromptModel model = (PromptModel) target.eResource().getContents().get(0);
            StringBuilder text = new StringBuilder("namespace ").append(namespace).append("\n");
            if (model.getNamespace() != null) {
                text.append("import ").append(model.getNamespace()).append(".*\n");
            }
            model.getImports().forEach(each -> text.append("import ").append(each.getImportedNamespace()).append('\n'));
            text.append('\n').append(shape.declaration(candidate)).append('\n');
            Path file = folder.resolve("c" + key + ".pstudio");
            try {
                add(file, text.toString());
            } catch (UncheckedIOException e) {
                return new Admission(null, "the candidate cannot be parsed: " + e.getCause().getMessage());
            }
            List<Diagnostic> errors = errors(file);
            if (!errors.isEmpty()) {
                workspace.remove(file);
                texts.remove(file);
                Diagnostic first = errors.get(0);
                return new Admission(null, "the language rejects it: " + first.message() + (errors.size() > 1 ? " (and " + (errors.size() - 1)
                        + " more)" : ""));
            }
            EcoreUtil.resolveAll(workspace.resources().get(file));
            return new Admission(namespace + "." + shape.promptName(), null);
        });
    }

    /** The candidate's file as the language checked it, or null for the start and for invalid candidates. */
    public String candidateText(Candidate candidate) {
        return texts.get(folder.resolve("c" + candidate.key() + ".pstudio").toAbsolutePath().normalize());
    }

    private void add(Path file, String text) {
        Path normalized = file.toAbsolutePath().normalize();
        try {
            workspace.replace(normalized, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        texts.put(normalized, text);
        EcoreUtil.resolveAll(workspace.resources().get(normalized));
    }

    private List<Diagnostic> errors(Path file) {
        return checker.check(workspace, List.of(file)).stream().filter(diagnostic -> diagnostic.severity() == Severity.ERROR).toList();
    }
}
