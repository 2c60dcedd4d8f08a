package io.promptstudio.dsl.validation;

import com.google.inject.Inject;
import io.promptstudio.dsl.promptStudio.Element;
import io.promptstudio.dsl.promptStudio.Import;
import io.promptstudio.dsl.promptStudio.PromptModel;
import io.promptstudio.dsl.promptStudio.PromptStudioPackage;
import io.promptstudio.dsl.promptStudio.PromptStudioPackage.Literals;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.naming.IQualifiedNameConverter;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.resource.IResourceDescriptions;
import org.eclipse.xtext.resource.impl.ResourceDescriptionsProvider;
import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.EValidatorRegistrar;

/**
 * Checks that need the whole workspace: a qualified name is declared once across all files, every import
 * names something that exists, and namespaces do not import each other in a circle. The workspace is the
 * index Xtext keeps (all files of a check run, or the files of the editor's and the language server's workspace).
 */
public class WorkspaceValidator extends AbstractDeclarativeValidator {

    @Inject
    private IQualifiedNameProvider qualifiedNames;

    @Inject
    private IQualifiedNameConverter nameConverter;

    @Inject
    private ResourceDescriptionsProvider resourceDescriptions;

    @Override
    protected List<EPackage> getEPackages() {
        return List.of(PromptStudioPackage.eINSTANCE);
    }

    @Override
    public void register(EValidatorRegistrar registrar) {
        // Composed into PromptStudioValidator.
    }

    /** The same qualified name declared in another file of the workspace; within a file the name check reports it. */
    @Check
    public void checkUniqueAcrossFiles(Element element) {
        QualifiedName name = qualifiedNames.getFullyQualifiedName(element);
        if (name == null || element.eResource() == null) {
            return;
        }
        for (IEObjectDescription other : index(element).getExportedObjects(Literals.ELEMENT, name, false)) {
            URI otherResource = other.getEObjectURI().trimFragment();
            if (!otherResource.equals(element.eResource().getURI())) {
                error("Duplicate declaration '" + name + "': it is also declared in " + otherResource.lastSegment(), element,
                        Literals.ELEMENT__NAME, IssueCodes.DUPLICATE_NAME);
                return;
            }
        }
    }

    /** {@code import shared.*} needs a file with {@code namespace shared}; {@code import shared.Passage} needs that declaration. */
    @Check
    public void checkImportResolves(Import anImport) {
        String imported = anImport.getImportedNamespace();
        if (imported == null || imported.isBlank()) {
            return;
        }
        boolean wildcard = imported.endsWith(".*");
        String namespace = wildcard ? imported.substring(0, imported.length() - 2) : imported;
        if (namespace.isEmpty()) {
            return;
        }
        QualifiedName name = nameConverter.toQualifiedName(namespace);
        IResourceDescriptions index = index(anImport);
        boolean found = wildcard ? namespaceExists(index, name)
                : index.getExportedObjects(Literals.ELEMENT, name, false).iterator().hasNext();
        if (!found) {
            error(wildcard ? "Unresolved import: no file declares 'namespace " + name + "'"
                    : "Unresolved import: nothing named '" + name + "' is declared in the workspace", anImport,
                    Literals.IMPORT__IMPORTED_NAMESPACE, IssueCodes.UNRESOLVED_IMPORT);
        }
    }

    /**
     * Namespaces that import each other in a circle cannot be split into separate projects or loaded one after
     * the other; the warning names the whole circle.
     */
    @Check
    public void checkNoImportCycle(Import anImport) {
        PromptModel model = (PromptModel) anImport.eContainer();
        QualifiedName own = namespaceOf(model);
        QualifiedName target = importedNamespace(anImport);
        if (own == null || target == null || own.equals(target)) {
            return;
        }
        IResourceDescriptions index = index(anImport);
        List<QualifiedName> path = pathBetween(index, model.eResource(), target, own, new HashSet<>());
        if (path != null) {
            List<String> circle = new ArrayList<>();
            circle.add(own.toString());
            path.forEach(step -> circle.add(step.toString()));
            warning("Import cycle: " + String.join(" -> ", circle), anImport, Literals.IMPORT__IMPORTED_NAMESPACE,
                    IssueCodes.IMPORT_CYCLE);
        }
    }

    /** The namespaces from {@code from} to {@code goal} along imports (both ends included), or null when there is no path. */
    private List<QualifiedName> pathBetween(IResourceDescriptions index, Resource context, QualifiedName from, QualifiedName goal,
            Set<QualifiedName> visited) {
        if (from.equals(goal)) {
            return new ArrayList<>(List.of(from));
        }
        if (!visited.add(from)) {
            return null;
        }
        for (QualifiedName next : importsOfNamespace(index, context, from)) {
            List<QualifiedName> rest = pathBetween(index, context, next, goal, visited);
            if (rest != null) {
                rest.add(0, from);
                return rest;
            }
        }
        return null;
    }

    private Set<QualifiedName> importsOfNamespace(IResourceDescriptions index, Resource context, QualifiedName namespace) {
        Set<QualifiedName> imports = new LinkedHashSet<>();
        for (IEObjectDescription file : index.getExportedObjects(Literals.PROMPT_MODEL, namespace, false)) {
            EObject root = context.getResourceSet() == null ? null : context.getResourceSet().getEObject(file.getEObjectURI(), true);
            if (root instanceof PromptModel other) {
                for (Import each : other.getImports()) {
                    QualifiedName imported = importedNamespace(each);
                    if (imported != null && !imported.equals(namespace)) {
                        imports.add(imported);
                    }
                }
            }
        }
        return imports;
    }

    /** The namespace an import reads from: {@code a.b} for {@code import a.b.*} and for {@code import a.b.Name}. */
    private QualifiedName importedNamespace(Import anImport) {
        String imported = anImport.getImportedNamespace();
        String namespace = imported == null ? "" : imported.endsWith(".*") ? imported.substring(0, imported.length() - 2) : imported;
        if (namespace.isBlank()) {
            return null;
        }
        QualifiedName name = nameConverter.toQualifiedName(namespace);
        return imported.endsWith(".*") || name.getSegmentCount() < 2 ? name : name.skipLast(1);
    }

    private QualifiedName namespaceOf(PromptModel model) {
        return model.getNamespace() == null ? null : nameConverter.toQualifiedName(model.getNamespace());
    }

    private static boolean namespaceExists(IResourceDescriptions index, QualifiedName name) {
        if (index.getExportedObjects(Literals.PROMPT_MODEL, name, false).iterator().hasNext()) {
            return true;
        }
        for (IEObjectDescription file : index.getExportedObjectsByType(Literals.PROMPT_MODEL)) {
            if (file.getName().startsWith(name)) {
                return true;
            }
        }
        return false;
    }

    private IResourceDescriptions index(EObject context) {
        return resourceDescriptions.getResourceDescriptions(context.eResource());
    }
}
