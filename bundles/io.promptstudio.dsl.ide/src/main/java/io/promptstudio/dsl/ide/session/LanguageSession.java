package io.promptstudio.dsl.ide.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Injector;
import io.promptstudio.core.services.Diagnostic;
import io.promptstudio.dsl.LanguageWorkspace;
import io.promptstudio.dsl.check.LanguageChecker;
import io.promptstudio.dsl.formatting.PromptFormatting;
import io.promptstudio.dsl.ide.PromptStudioIdeSetup;
import io.promptstudio.dsl.ide.hover.PromptStudioHover;
import io.promptstudio.dsl.ide.quickfix.QuickFixes;
import io.promptstudio.dsl.promptStudio.Chain;
import io.promptstudio.dsl.promptStudio.EnumType;
import io.promptstudio.dsl.promptStudio.Parameter;
import io.promptstudio.dsl.promptStudio.Profile;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.promptStudio.PromptModel;
import io.promptstudio.dsl.promptStudio.RecordType;
import io.promptstudio.dsl.promptStudio.TestCase;
import io.promptstudio.dsl.promptStudio.TypeAlias;
import io.promptstudio.dsl.render.ArgumentException;
import io.promptstudio.dsl.render.Profiles;
import io.promptstudio.dsl.render.PromptRenderer;
import io.promptstudio.dsl.render.RenderedPrompt;
import io.promptstudio.dsl.render.TypedValues;
import io.promptstudio.dsl.schema.JsonSchemaGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.contentassist.ContentAssistService;
import org.eclipse.xtext.ide.server.hover.IHoverService;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.EObjectAtOffsetHelper;
import org.eclipse.xtext.resource.ILocationInFileProvider;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.util.ITextRegion;

/**
 * The prompt language as an editor needs it, in plain Java types: a workspace of prompt files whose texts the
 * editor keeps up to date, and for one file its findings with their places, highlighting, completion, hover,
 * quick fixes, formatting, go-to-definition, outline and folding; for the whole workspace its prompts (with the
 * JSON Schema of each parameter, from which a playground builds its form), profiles and rendering. The workbench
 * adapts this to JFace; everything here is tested without a display. Every method is synchronized: the parsed
 * files are shared by the editor's background checking and the UI thread.
 */
public final class LanguageSession {

    /** A finding of the checker, with its place in the text (UTF-16 offsets). */
    public record Finding(int offset, int length, int line, int column, String severity, String code, String message) {
    }

    /** The style of comments, which the language's highlighting leaves to lexical colouring. */
    public static final String COMMENT = "comment";

    /** A highlighted range; {@code style} is one of the LSP semantic token types that {@code PromptStudioHighlighting} names. */
    public record Highlight(int offset, int length, String style) {
    }

    /** A completion: replace {@code replaceLength} characters at {@code replaceOffset} with {@code text}. */
    public record Completion(String label, String detail, String kind, int replaceOffset, int replaceLength, String text) {
    }

    /** Where a name is declared. */
    public record Location(Path file, int offset, int length) {
    }

    /** A node of the outline: a declaration and what it contains. */
    public record OutlineNode(String label, String kind, int offset, int length, int nameOffset, List<OutlineNode> children) {
    }

    /** A region a user can fold: whole lines from {@code offset}, {@code length} characters. */
    public record Fold(int offset, int length) {
    }

    /** A parameter of a prompt: what a form needs to ask for it. */
    public record ParameterInfo(String name, String type, ObjectNode schema, boolean hasDefault, String documentation) {
    }

    /** A prompt of the workspace. */
    public record PromptInfo(String name, String simpleName, Path file, int offset, int line, String signature, String documentation,
            String profile, List<ParameterInfo> parameters) {
    }

    private final Injector injector;
    private final LanguageWorkspace workspace;
    /**
     * Files parsed before another file changed: their links (and the "couldn't resolve" findings Xtext keeps with
     * them) may be out of date, so each is parsed again before it is next asked about.
     */
    private final java.util.Set<Path> stale = new java.util.HashSet<>();
    private final LanguageChecker checker = new LanguageChecker();

    private LanguageSession(Injector injector) {
        this.injector = injector;
        this.workspace = LanguageWorkspace.create(injector);
    }

    private static volatile Injector ideInjector;

    /** The language's injector with the IDE services bound, made once per process. */
    public static Injector ideInjector() {
        Injector injector = ideInjector;
        if (injector == null) {
            synchronized (LanguageSession.class) {
                injector = ideInjector;
                if (injector == null) {
                    injector = new PromptStudioIdeSetup().createInjectorAndDoEMFRegistration();
                    ideInjector = injector;
                }
            }
        }
        return injector;
    }

    /** A session over these files as they are on disk; unreadable ones are findings of their own. */
    public static LanguageSession open(Collection<Path> files) {
        LanguageSession session = new LanguageSession(ideInjector());
        files.forEach(session.workspace::add);
        return session;
    }

    /** Sets the text of a file (what the editor's buffer holds); the next question about any file sees it. */
    public synchronized void update(Path file, String text) {
        parse(normalize(file), text);
        othersChanged(normalize(file));
    }

    /** Reads the file from disk again (after a change outside the editor, or when its editor closed without saving). */
    public synchronized void reload(Path file) {
        workspace.remove(file);
        workspace.add(file);
        stale.remove(normalize(file));
        othersChanged(normalize(file));
    }

    public synchronized void remove(Path file) {
        workspace.remove(file);
        stale.remove(normalize(file));
        othersChanged(normalize(file));
    }

    /** Files whose text is not parsed (nested too deeply), with the one finding that says why. */
    private final Map<Path, Finding> unparsed = new java.util.HashMap<>();

    private void parse(Path file, String text) {
        try {
            workspace.replace(file, text.getBytes(StandardCharsets.UTF_8));
            stale.remove(file);
            unparsed.remove(normalize(file));
        } catch (LanguageWorkspace.TooDeeplyNestedException e) {
            stale.remove(file);
            int line = e.where().line();
            int offset = 0;
            for (int seen = 1; seen < line && offset >= 0; seen++) {
                offset = text.indexOf('\n', offset) + 1;
            }
            offset = Math.max(0, Math.min(text.length(), offset + e.where().column() - 1));
            unparsed.put(normalize(file), new Finding(offset, 1, line, e.where().column(), "error", LanguageWorkspace.TOO_DEEP, e.getMessage()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    private void othersChanged(Path changed) {
        for (Path other : workspace.resources().keySet()) {
            if (!other.equals(changed)) {
                stale.add(other);
            }
        }
    }

    /** Parses a stale file again from its own text, so that its names link against the files as they are now. */
    private void fresh(Path file) {
        Path normalized = normalize(file);
        if (stale.contains(normalized)) {
            XtextResource resource = workspace.resources().get(normalized);
            if (resource != null) {
                parse(normalized, text(resource));
            } else {
                stale.remove(normalized);
            }
        }
    }

    public synchronized Set<Path> files() {
        return Set.copyOf(workspace.resources().keySet());
    }

    /** The text the session holds for a file, or empty when it holds none. */
    public synchronized Optional<String> text(Path file) {
        return resource(file).map(LanguageSession::text);
    }

    /**
     * The problems of a prompt file's YAML form (each at its line and column), or none when it reads as a prompt file.
     * A YAML file without the top-level {@code promptstudio:} key of the form (a CI configuration, say) is not a
     * prompt file and gets no findings.
     */
    public static List<Finding> yamlFindings(String yaml, String fileName) {
        if (!yaml.lines().anyMatch(line -> line.startsWith("promptstudio:"))) {
            return List.of();
        }
        try {
            io.promptstudio.dsl.yaml.YamlImport.toSource(yaml, fileName, ideInjector());
            return List.of();
        } catch (io.promptstudio.dsl.yaml.YamlException e) {
            List<Finding> findings = new ArrayList<>();
            java.util.regex.Pattern place = java.util.regex.Pattern.compile("^.*?:(\\d+):(\\d+): (.*)$", java.util.regex.Pattern.DOTALL);
            List<Integer> lineStarts = new ArrayList<>(List.of(0));
            for (int i = 0; i < yaml.length(); i++) {
                if (yaml.charAt(i) == '\n') {
                    lineStarts.add(i + 1);
                }
            }
            for (String problem : e.problems()) {
                var matched = place.matcher(problem);
                int line = matched.matches() ? Integer.parseInt(matched.group(1)) : 1;
                int column = matched.matches() ? Integer.parseInt(matched.group(2)) : 1;
                int start = Math.min(yaml.length(), lineStarts.get(Math.min(line, lineStarts.size()) - 1) + column - 1);
                int end = yaml.indexOf('\n', start);
                findings.add(new Finding(start, (end < 0 ? yaml.length() : end) - start, line, column, "error", "promptstudio.yaml",
                        matched.matches() ? matched.group(3) : problem));
            }
            return findings;
        }
    }

    /** The checker's findings on one file, checked against the whole workspace. */
    public synchronized List<Finding> findings(Path file) {
        fresh(file);
        Path normalized = normalize(file);
        if (unparsed.containsKey(normalized)) {
            return List.of(unparsed.get(normalized));
        }
        return checker.findings(workspace, List.of(normalized), (done, total) -> { }).stream()
                .filter(finding -> finding.diagnostic().file().toAbsolutePath().normalize().equals(normalized))
                .map(LanguageSession::finding).toList();
    }

    private static Finding finding(LanguageChecker.Finding finding) {
        Diagnostic diagnostic = finding.diagnostic();
        return new Finding(finding.offset(), finding.length(), diagnostic.line(), diagnostic.column(),
                diagnostic.severity().name().toLowerCase(java.util.Locale.ROOT), diagnostic.code(), diagnostic.message());
    }

    public synchronized List<Highlight> highlights(Path file) {
        fresh(file);
        List<Highlight> highlights = new ArrayList<>();
        resource(file).ifPresent(resource -> {
            injector.getInstance(ISemanticHighlightingCalculator.class).provideHighlightingFor(resource, (offset, length, styles) -> {
                if (styles.length > 0 && length > 0) {
                    highlights.add(new Highlight(offset, length, styles[0]));
                }
            }, CancelIndicator.NullImpl);
            if (resource.getParseResult() != null) {
                for (var leaf : resource.getParseResult().getRootNode().getLeafNodes()) {
                    if (leaf.isHidden() && leaf.getGrammarElement() instanceof org.eclipse.xtext.TerminalRule rule && rule.getName().endsWith("COMMENT")) {
                        highlights.add(new Highlight(leaf.getOffset(), leaf.getLength(), COMMENT));
                    }
                }
            }
        });
        highlights.sort(Comparator.comparingInt(Highlight::offset));
        return highlights;
    }

    /** What can be written at the offset, in the order the language proposes it. */
    public synchronized List<Completion> complete(Path file, int offset) {
        fresh(file);
        Optional<XtextResource> loaded = resource(file);
        if (loaded.isEmpty()) {
            return List.of();
        }
        XtextResource resource = loaded.get();
        String text = text(resource);
        Document document = new Document(1, text);
        CompletionParams params = new CompletionParams(new TextDocumentIdentifier(resource.getURI().toString()),
                document.getPosition(Math.min(Math.max(0, offset), text.length())));
        List<Completion> completions = new ArrayList<>();
        for (CompletionItem item : injector.getInstance(ContentAssistService.class).createCompletionList(document, resource, params,
                CancelIndicator.NullImpl).getItems()) {
            int start = offset;
            int length = 0;
            String insert = item.getInsertText() != null ? item.getInsertText() : item.getLabel();
            if (item.getTextEdit() != null && item.getTextEdit().isLeft()) {
                TextEdit edit = item.getTextEdit().getLeft();
                start = document.getOffSet(edit.getRange().getStart());
                length = document.getOffSet(edit.getRange().getEnd()) - start;
                insert = edit.getNewText();
            }
            completions.add(new Completion(item.getLabel(), item.getDetail(), item.getKind() == null ? null : item.getKind().name(), start,
                    length, insert));
        }
        return completions;
    }

    /** The hover text (Markdown: the signature as a code block, then the documentation), or empty. */
    public synchronized Optional<String> hover(Path file, int offset) {
        fresh(file);
        return resource(file).map(resource -> {
            Document document = new Document(1, text(resource));
            var hover = injector.getInstance(IHoverService.class).hover(document, resource,
                    new HoverParams(new TextDocumentIdentifier(resource.getURI().toString()), document.getPosition(offset)), CancelIndicator.NullImpl);
            if (hover == null || hover.getContents() == null) {
                return null;
            }
            return hover.getContents().isRight() ? hover.getContents().getRight().getValue() : null;
        }).filter(text -> !text.isBlank());
    }

    /** The quick fixes for a finding (from {@link #findings}), best first. */
    public synchronized List<QuickFixes.Fix> fixes(Path file, Finding finding) {
        fresh(file);
        return resource(file).map(resource -> QuickFixes.fixes(resource, finding.code(), finding.offset(), finding.length(), finding.message()))
                .orElse(List.of());
    }

    /**
     * The file's text formatted.
     *
     * @throws PromptFormatting.NotFormattableException when it does not parse (formatting could lose text)
     */
    public synchronized String format(Path file) throws PromptFormatting.NotFormattableException {
        XtextResource resource = resource(file).orElseThrow(() -> new IllegalArgumentException("not in the session: " + file));
        return injector.getInstance(PromptFormatting.class).format(resource);
    }

    /** Where the name at the offset is declared, in this file or another of the workspace. */
    public synchronized Optional<Location> definition(Path file, int offset) {
        fresh(file);
        return resource(file).flatMap(resource -> {
            EObject target = injector.getInstance(EObjectAtOffsetHelper.class).resolveCrossReferencedElementAt(resource, offset);
            if (target == null || target.eIsProxy() || target.eResource() == null) {
                return Optional.empty();
            }
            ITextRegion region = injector.getInstance(ILocationInFileProvider.class).getSignificantTextRegion(target);
            return fileOf(target.eResource()).map(path -> new Location(path, region.getOffset(), region.getLength()));
        });
    }

    public synchronized List<OutlineNode> outline(Path file) {
        fresh(file);
        List<OutlineNode> nodes = new ArrayList<>();
        model(file).ifPresent(model -> model.getElements().forEach(element -> outlineNode(element).ifPresent(nodes::add)));
        return nodes;
    }

    private Optional<OutlineNode> outlineNode(EObject element) {
        ICompositeNode node = NodeModelUtils.findActualNodeFor(element);
        if (node == null) {
            return Optional.empty();
        }
        ITextRegion name = injector.getInstance(ILocationInFileProvider.class).getSignificantTextRegion(element);
        List<OutlineNode> children = new ArrayList<>();
        String kind;
        String label;
        switch (element) {
            case Prompt prompt -> {
                kind = "prompt";
                label = PromptStudioHover.signature(prompt).replaceFirst("^prompt ", "");
                prompt.getParameters().forEach(parameter -> child(parameter, "parameter", PromptStudioHover.signature(parameter)
                        .replaceFirst("^\\(parameter\\) ", ""), children));
            }
            case RecordType record -> {
                kind = "class";
                label = record.getName();
                record.getFields().forEach(field -> child(field, "field", PromptStudioHover.signature(field).replaceFirst("^\\(field\\) ", ""),
                        children));
            }
            case EnumType enumType -> {
                kind = "enum";
                label = enumType.getName();
                enumType.getValues().forEach(value -> child(value, "enumMember", value.getName(), children));
            }
            case TypeAlias alias -> {
                kind = "type";
                label = PromptStudioHover.signature(alias).replaceFirst("^type ", "");
            }
            case Profile profile -> {
                kind = "profile";
                label = profile.getName();
                profile.getSettings().forEach(setting -> child(setting, "setting", PromptStudioHover.signature(setting), children));
            }
            case TestCase test -> {
                kind = "test";
                label = PromptStudioHover.signature(test).replaceFirst("^test ", "");
            }
            case Chain chain -> {
                kind = "chain";
                label = PromptStudioHover.signature(chain).replaceFirst("^chain ", "");
                chain.getStages().forEach(stage -> child(stage, "stage", PromptStudioHover.signature(stage).replaceFirst("^\\(stage\\) ", ""),
                        children));
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(new OutlineNode(label == null ? "?" : label, kind, node.getOffset(), node.getLength(), name.getOffset(),
                List.copyOf(children)));
    }

    private void child(EObject element, String kind, String label, List<OutlineNode> children) {
        ICompositeNode node = NodeModelUtils.findActualNodeFor(element);
        if (node != null && label != null) {
            ITextRegion name = injector.getInstance(ILocationInFileProvider.class).getSignificantTextRegion(element);
            children.add(new OutlineNode(label, kind, node.getOffset(), node.getLength(), name.getOffset(), List.of()));
        }
    }

    /** Declarations (and their templates) that span more than one line. */
    public synchronized List<Fold> folds(Path file) {
        List<Fold> folds = new ArrayList<>();
        Optional<XtextResource> resource = resource(file);
        if (resource.isEmpty()) {
            return folds;
        }
        String text = text(resource.get());
        for (OutlineNode node : outline(file)) {
            int end = node.offset() + node.length();
            if (text.substring(node.offset(), Math.min(end, text.length())).contains("\n")) {
                int lineEnd = text.indexOf('\n', end);
                folds.add(new Fold(node.offset(), (lineEnd < 0 ? text.length() : lineEnd + 1) - node.offset()));
            }
        }
        return folds;
    }

    /** Every chain of the workspace's current texts, by qualified name (sorted), with the file it is in. */
    public synchronized Map<String, Path> chains() {
        List.copyOf(stale).forEach(this::fresh);
        Map<String, Path> chains = new java.util.TreeMap<>();
        IQualifiedNameProvider names = injector.getInstance(IQualifiedNameProvider.class);
        for (var entry : workspace.resources().entrySet()) {
            if (!entry.getValue().getContents().isEmpty() && entry.getValue().getContents().get(0) instanceof PromptModel model) {
                model.getElements().stream().filter(Chain.class::isInstance).map(Chain.class::cast).filter(chain -> chain.getName() != null)
                        .forEach(chain -> {
                            QualifiedName qualified = names.getFullyQualifiedName(chain);
                            chains.put(qualified == null ? chain.getName() : qualified.toString(), entry.getKey());
                        });
            }
        }
        return chains;
    }

    /**
     * Reads the chain of that qualified name from the current texts, under the session's lock: the model changes as the
     * user types, so {@code reader} must take what it needs and keep no part of the model.
     */
    public synchronized <T> Optional<T> withChain(String name, java.util.function.Function<Chain, T> reader) {
        List.copyOf(stale).forEach(this::fresh);
        IQualifiedNameProvider names = injector.getInstance(IQualifiedNameProvider.class);
        for (XtextResource resource : workspace.resources().values()) {
            if (!resource.getContents().isEmpty() && resource.getContents().get(0) instanceof PromptModel model) {
                for (EObject element : model.getElements()) {
                    if (element instanceof Chain chain && chain.getName() != null) {
                        QualifiedName qualified = names.getFullyQualifiedName(chain);
                        if (name.equals(qualified == null ? chain.getName() : qualified.toString())) {
                            return Optional.ofNullable(reader.apply(chain));
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Every prompt of the workspace, by qualified name. */
    public synchronized List<PromptInfo> prompts() {
        List.copyOf(stale).forEach(this::fresh);
        List<PromptInfo> prompts = new ArrayList<>();
        IQualifiedNameProvider names = injector.getInstance(IQualifiedNameProvider.class);
        JsonSchemaGenerator schemas = injector.getInstance(JsonSchemaGenerator.class);
        for (var entry : workspace.resources().entrySet()) {
            if (entry.getValue().getContents().isEmpty() || !(entry.getValue().getContents().get(0) instanceof PromptModel model)) {
                continue;
            }
            for (EObject element : model.getElements()) {
                if (!(element instanceof Prompt prompt) || prompt.getName() == null) {
                    continue;
                }
                QualifiedName qualified = names.getFullyQualifiedName(prompt);
                ICompositeNode node = NodeModelUtils.findActualNodeFor(prompt);
                List<ParameterInfo> parameters = new ArrayList<>();
                for (Parameter parameter : prompt.getParameters()) {
                    if (parameter.getName() == null) {
                        continue;
                    }
                    ICompositeNode typeNode = parameter.getType() == null ? null : NodeModelUtils.findActualNodeFor(parameter.getType());
                    parameters.add(new ParameterInfo(parameter.getName(), typeNode == null ? "?" : NodeModelUtils.getTokenText(typeNode),
                            parameter.getType() == null ? null : schemas.forType(parameter.getType()).schema(), parameter.getDefault() != null,
                            documentation(parameter)));
                }
                prompts.add(new PromptInfo(qualified == null ? prompt.getName() : qualified.toString(), prompt.getName(), entry.getKey(),
                        node == null ? 0 : node.getOffset(), node == null ? 1 : node.getStartLine(), PromptStudioHover.signature(prompt),
                        documentation(prompt), prompt.getProfile() == null || prompt.getProfile().eIsProxy() ? null : prompt.getProfile().getName(),
                        List.copyOf(parameters)));
            }
        }
        prompts.sort(Comparator.comparing(PromptInfo::name));
        return prompts;
    }

    /** The names of every profile of the workspace, sorted. */
    public synchronized List<String> profiles() {
        return workspace.profiles().stream().map(Profile::getName).distinct().sorted().toList();
    }

    /** A profile's effective settings (its own over those it extends), or empty when there is no such profile. */
    public synchronized Optional<Map<String, Object>> profileSettings(String profile) {
        return workspace.profiles().stream().filter(each -> each.getName().equals(profile)).findFirst().map(Profiles::settings);
    }

    /**
     * The prompt rendered with these arguments (plain values: String, Long, BigDecimal, Boolean, List, Map).
     *
     * @throws ArgumentException naming every argument that does not fit its parameter
     * @throws IllegalArgumentException when there is no such prompt
     */
    public synchronized RenderedPrompt render(String prompt, Map<String, ?> arguments) throws ArgumentException {
        List.copyOf(stale).forEach(this::fresh);
        return injector.getInstance(PromptRenderer.class).render(workspace.prompt(prompt), arguments);
    }

    /** What is wrong with a value for a parameter (empty when it fits): what a form shows as the user types. */
    public synchronized List<String> argumentProblems(String prompt, String parameter, Object value) {
        List.copyOf(stale).forEach(this::fresh);
        Parameter declared = workspace.prompt(prompt).getParameters().stream().filter(each -> parameter.equals(each.getName())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("prompt " + prompt + " has no parameter " + parameter));
        return TypedValues.problems(parameter, value, declared.getType());
    }

    /** The text of the file that declares the prompt: its hash is the prompt's version in the history. */
    public synchronized String promptSource(String prompt) {
        return text((XtextResource) workspace.prompt(prompt).eResource());
    }

    private String documentation(EObject element) {
        String text = injector.getInstance(org.eclipse.xtext.documentation.IEObjectDocumentationProvider.class).getDocumentation(element);
        return text == null || text.isBlank() ? null : text.strip();
    }

    private Optional<XtextResource> resource(Path file) {
        return Optional.ofNullable(workspace.resources().get(normalize(file)));
    }

    private Optional<PromptModel> model(Path file) {
        return workspace.model(normalize(file));
    }

    private Optional<Path> fileOf(Resource resource) {
        return workspace.resources().entrySet().stream().filter(entry -> entry.getValue() == resource).map(Map.Entry::getKey).findFirst();
    }

    private static String text(XtextResource resource) {
        return resource.getParseResult() == null ? "" : resource.getParseResult().getRootNode().getText();
    }

    private static Path normalize(Path file) {
        return file.toAbsolutePath().normalize();
    }
}
