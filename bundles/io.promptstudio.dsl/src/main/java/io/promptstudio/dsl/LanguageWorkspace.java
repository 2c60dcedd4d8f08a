package io.promptstudio.dsl;

import com.google.inject.Injector;
import io.promptstudio.core.services.Diagnostic;
import io.promptstudio.core.services.Severity;
import io.promptstudio.dsl.promptStudio.Chain;
import io.promptstudio.dsl.promptStudio.Element;
import io.promptstudio.dsl.promptStudio.Profile;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.promptStudio.PromptModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.resource.IResourceDescription;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.resource.impl.ResourceDescriptionsData;

/**
 * Prompt files loaded together, so that names declared in any of them resolve in all: what the checker,
 * the schema and YAML commands, and the benchmark work on. Plain Java, no Eclipse runtime. Not thread-safe.
 */
public final class LanguageWorkspace {

    /** Code of files that cannot be read. */
    public static final String UNREADABLE = "promptstudio.unreadable-file";
    /** Code of files nested deeper than {@link Nesting#MAX_DEPTH}, which are not parsed. */
    public static final String TOO_DEEP = "promptstudio.too-deeply-nested";

    /** A file that is not parsed because it nests too deeply; says where. */
    public static final class TooDeeplyNestedException extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Nesting.TooDeep where;

        TooDeeplyNestedException(Nesting.TooDeep where) {
            super(where.message());
            this.where = where;
        }

        public Nesting.TooDeep where() {
            return where;
        }
    }

    private static volatile Injector sharedInjector;

    private final Injector injector;
    private final XtextResourceSet resources;
    private final Map<Path, XtextResource> loaded = new LinkedHashMap<>();
    private final List<Diagnostic> loadProblems = new ArrayList<>();

    /**
     * The names every loaded file exports, kept up to date on every load: linking and the workspace checks look
     * names up here in constant time, instead of asking every file of the resource set (what Xtext does without
     * an index, and what made checking a thousand files quadratic).
     */
    private final ResourceDescriptionsData index = new ResourceDescriptionsData(List.of());
    private final IResourceDescription.Manager descriptions;

    private LanguageWorkspace(Injector injector) {
        this.injector = injector;
        this.resources = injector.getInstance(XtextResourceSet.class);
        this.descriptions = injector.getInstance(IResourceDescription.Manager.class);
        // files of this workspace are parsed by its own injector, whichever language setup registered itself last
        resources.getResourceFactoryRegistry().getExtensionToFactoryMap().put(io.promptstudio.core.PromptFile.EXTENSION,
                injector.getInstance(org.eclipse.xtext.resource.IResourceFactory.class));
        ResourceDescriptionsData.ResourceSetAdapter.installResourceDescriptionsData(resources, index);
    }

    /** The language's Guice injector, made once per process (building it takes about a second). */
    public static Injector injector() {
        Injector injector = sharedInjector;
        if (injector == null) {
            synchronized (LanguageWorkspace.class) {
                injector = sharedInjector;
                if (injector == null) {
                    injector = new PromptStudioStandaloneSetup().createInjectorAndDoEMFRegistration();
                    sharedInjector = injector;
                }
            }
        }
        return injector;
    }

    /** An empty workspace on a language injector of its own: the editor's, with the IDE services bound. */
    public static LanguageWorkspace create(Injector injector) {
        return new LanguageWorkspace(injector);
    }

    /** Forgets a file (deleted, or closed without being part of the workspace). */
    public void remove(Path file) {
        XtextResource resource = loaded.remove(file.toAbsolutePath().normalize());
        if (resource != null) {
            index.removeDescription(resource.getURI());
            resource.unload();
            resources.getResources().remove(resource);
        }
    }

    /** Loads (parses) the files; files that cannot be read are reported by {@link #loadProblems()}. */
    public static LanguageWorkspace load(List<Path> files) {
        LanguageWorkspace workspace = new LanguageWorkspace(injector());
        for (Path file : files) {
            workspace.add(file);
        }
        return workspace;
    }

    /** Parses one more file, or replaces the text of one already loaded (linking is redone lazily). */
    public XtextResource add(Path file) {
        Path normalized = file.toAbsolutePath().normalize();
        try {
            return replace(normalized, Files.readAllBytes(normalized));
        } catch (TooDeeplyNestedException e) {
            loadProblems.add(new Diagnostic(normalized, e.where().line(), e.where().column(), Severity.ERROR, TOO_DEEP, e.getMessage()));
            return null;
        } catch (IOException | RuntimeException e) {
            loadProblems.add(new Diagnostic(normalized, 1, 1, Severity.ERROR, UNREADABLE, "cannot read the file: " + describe(e)));
            return null;
        }
    }

    /**
     * Sets the text of a file as if it had been read from disk: what an editor's buffer or a benchmark's edit does.
     *
     * @throws TooDeeplyNestedException when the text nests deeper than {@link Nesting#MAX_DEPTH} (the file is then
     *                                  not loaded, nor kept from before)
     */
    public XtextResource replace(Path file, byte[] bytes) throws IOException {
        Path normalized = file.toAbsolutePath().normalize();
        // Decode strictly first, so that a file which is not UTF-8 is reported instead of read with replacement characters.
        String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        Nesting.TooDeep tooDeep = Nesting.tooDeep(text);
        if (tooDeep != null) {
            remove(normalized);
            throw new TooDeeplyNestedException(tooDeep);
        }
        XtextResource resource = loaded.get(normalized);
        if (resource == null) {
            resource = (XtextResource) resources.createResource(URI.createFileURI(normalized.toString()));
            loaded.put(normalized, resource);
        } else {
            resource.unload();
        }
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            resource.load(in, Map.of(XtextResource.OPTION_ENCODING, "UTF-8"));
        }
        // the live description: it computes the exported names lazily from the parsed file and never links it
        index.addDescription(resource.getURI(), descriptions.getResourceDescription(resource));
        return resource;
    }

    public Map<Path, XtextResource> resources() {
        return loaded;
    }

    public List<Diagnostic> loadProblems() {
        return loadProblems;
    }

    public Injector languageInjector() {
        return injector;
    }

    /** The parsed model of a loaded file, or empty when it did not load or did not parse at all. */
    public Optional<PromptModel> model(Path file) {
        XtextResource resource = loaded.get(file.toAbsolutePath().normalize());
        return resource == null || resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof PromptModel model)
                ? Optional.empty() : Optional.of(model);
    }

    /**
     * The prompt with this name: qualified ({@code support.TriageTicket}) or simple when only one prompt has it.
     *
     * @throws IllegalArgumentException naming what exists, when there is no such prompt or the simple name is ambiguous
     */
    public Prompt prompt(String name) {
        return named(Prompt.class, "prompt", name);
    }

    /**
     * The chain with this name: qualified or simple when only one chain has it.
     *
     * @throws IllegalArgumentException naming what exists, when there is no such chain or the simple name is ambiguous
     */
    public Chain chain(String name) {
        return named(Chain.class, "chain", name);
    }

    /** Whether a prompt or chain of this kind has this name (qualified, or simple and unambiguous). */
    public boolean hasChain(String name) {
        try {
            chain(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private <T extends Element> T named(Class<T> kind, String what, String name) {
        List<T> bySimpleName = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (XtextResource resource : loaded.values()) {
            if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof PromptModel model)) {
                continue;
            }
            for (var element : model.getElements()) {
                if (kind.isInstance(element) && element.getName() != null) {
                    String full = nameOf(element);
                    if (full.equals(name)) {
                        return kind.cast(element);
                    }
                    all.add(full);
                    if (element.getName().equals(name)) {
                        bySimpleName.add(kind.cast(element));
                    }
                }
            }
        }
        if (bySimpleName.size() == 1) {
            return bySimpleName.get(0);
        }
        if (bySimpleName.size() > 1) {
            throw new IllegalArgumentException("'" + name + "' names " + bySimpleName.size() + " " + what + "s: give the qualified name ("
                    + String.join(", ", all.stream().filter(full -> full.endsWith("." + name)).sorted().toList()) + ")");
        }
        all.sort(null);
        throw new IllegalArgumentException("no " + what + " named '" + name + "'" + (all.isEmpty() ? " (there are no " + what + "s)"
                : "; " + what + "s: " + String.join(", ", all)));
    }

    /** Every named profile of the loaded files, in file order. */
    public List<Profile> profiles() {
        List<Profile> profiles = new ArrayList<>();
        for (Path file : loaded.keySet()) {
            model(file).ifPresent(model -> model.getElements().stream().filter(Profile.class::isInstance).map(Profile.class::cast)
                    .filter(profile -> profile.getName() != null).forEach(profiles::add));
        }
        return profiles;
    }

    /** The prompt's qualified name ({@code support.TriageTicket}), which {@link #prompt(String)} finds it by. */
    public String nameOf(Element element) {
        QualifiedName qualified = injector.getInstance(IQualifiedNameProvider.class).getFullyQualifiedName(element);
        return qualified == null ? element.getName() : qualified.toString();
    }

    private static String describe(Exception e) {
        if (e instanceof CharacterCodingException) {
            return "it is not valid UTF-8";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "it does not exist";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
