package io.promptstudio.dsl.validation;

import com.google.inject.Inject;
import io.promptstudio.dsl.promptStudio.Element;
import io.promptstudio.dsl.promptStudio.Import;
import io.promptstudio.dsl.promptStudio.PromptModel;
import io.promptstudio.dsl.promptStudio.PromptStudioPackage.Literals;
import io.promptstudio.dsl.promptStudio.PromptStudioPackage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.naming.IQualifiedNameConverter;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.resource.IResourceDescriptions;
import org.eclipse.xtext.resource.impl.ResourceDescriptionsProvider;
import org.eclipse.xtext.validation.Check;

/**
 * Checks that need the whole workspace: a qualified name is declared once across all files, every import
 * names something that exists, and namespaces do not import each other in a circle. The workspace is the
 * index Xtext keeps (all files of a check run, or the files of the editor's and the language server's workspace).
 */
public class WorkspaceValidator extends ComposedValidator {

    @Inject
    private IQualifiedNameProvider qualifiedNames;

    @Inject
    private IQualifiedNameConverter nameConverter;

    @Inject
    private ResourceDescriptionsProvider resourceDescriptions;

    /** The same qualified name declared in another file of the workspace; within a file the name check reports it. */
    @Check
    public void checkUniqueAcrossFiles(Element element) {
        QualifiedName name = qualifiedNames.getFullyQualifiedName(element);
        if (name == null || element.eResource() == null) {
            return;
        }
        for (IEObjectDescription other : index(element).getExportedObjects(Literals.ELEMENT, name, false)) {
            EObject candidate = other.getEObjectOrProxy();
            if (candidate == element) {
                continue;
            }
            // a proxy's URI is cheap to read; computing a live object's URI walks its containment path
            URI otherResource = candidate.eIsProxy() || candidate.eResource() == null ? other.getEObjectURI().trimFragment()
                    : candidate.eResource().getURI();
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
     * the other; the warning names the whole circle. The import graph of the loaded files is built once per state
     * of the workspace and its strongly connected components found once, so a chain of a thousand imports costs
     * a thousand steps, not a million.
     */
    @Check
    public void checkNoImportCycle(Import anImport) {
        PromptModel model = (PromptModel) anImport.eContainer();
        QualifiedName own = namespaceOf(model);
        QualifiedName target = importedNamespace(anImport);
        if (own == null || target == null || own.equals(target) || model.eResource() == null
                || model.eResource().getResourceSet() == null) {
            return;
        }
        ImportGraph graph = ImportGraph.of(model.eResource(), this);
        List<QualifiedName> path = graph.path(target, own);
        if (path != null) {
            List<String> circle = new ArrayList<>();
            circle.add(own.toString());
            path.forEach(step -> circle.add(step.toString()));
            warning("Import cycle: " + String.join(" -> ", circle), anImport, Literals.IMPORT__IMPORTED_NAMESPACE,
                    IssueCodes.IMPORT_CYCLE);
        }
    }

    /**
     * Namespace → the namespaces its files import, for the files loaded in one resource set, with its cycles.
     * Kept on the resource set and rebuilt when a file is added, removed, reloaded or reparsed: it listens to the
     * resource set and to every resource, and remembers each file's parse result.
     */
    private static final class ImportGraph extends org.eclipse.emf.common.notify.impl.AdapterImpl {
        private final java.util.Map<Resource, Object> parses = new java.util.IdentityHashMap<>();
        private final java.util.Map<QualifiedName, Set<QualifiedName>> edges = new java.util.HashMap<>();
        private final java.util.Map<QualifiedName, Integer> component = new java.util.HashMap<>();
        private boolean stale;

        @Override
        public void notifyChanged(org.eclipse.emf.common.notify.Notification notification) {
            stale = true;
        }

        @Override
        public boolean isAdapterForType(Object type) {
            return type == ImportGraph.class;
        }

        static ImportGraph of(Resource current, WorkspaceValidator names) {
            org.eclipse.emf.ecore.resource.ResourceSet resources = current.getResourceSet();
            ImportGraph known = (ImportGraph) org.eclipse.emf.ecore.util.EcoreUtil.getExistingAdapter(resources, ImportGraph.class);
            if (known != null && !known.stale && known.parses.get(current) == parseOf(current)) {
                return known;
            }
            if (known != null) {
                resources.eAdapters().remove(known);
                known.parses.keySet().forEach(resource -> resource.eAdapters().remove(known));
            }
            ImportGraph graph = new ImportGraph();
            for (Resource resource : resources.getResources()) {
                graph.parses.put(resource, parseOf(resource));
                if (!resource.getContents().isEmpty() && resource.getContents().get(0) instanceof PromptModel model) {
                    QualifiedName namespace = names.namespaceOf(model);
                    if (namespace == null) {
                        continue;
                    }
                    Set<QualifiedName> targets = graph.edges.computeIfAbsent(namespace, key -> new LinkedHashSet<>());
                    for (Import each : model.getImports()) {
                        QualifiedName imported = names.importedNamespace(each);
                        if (imported != null && !imported.equals(namespace)) {
                            targets.add(imported);
                        }
                    }
                }
            }
            graph.findComponents();
            graph.parses.keySet().forEach(resource -> resource.eAdapters().add(graph));
            resources.eAdapters().add(graph);
            return graph;
        }

        private static Object parseOf(Resource resource) {
            return resource instanceof org.eclipse.xtext.resource.XtextResource xtext ? xtext.getParseResult() : resource;
        }

        /** Tarjan's strongly connected components, iteratively (a chain of thousands of imports must not overflow the stack). */
        private void findComponents() {
            java.util.Map<QualifiedName, Integer> order = new java.util.HashMap<>();
            java.util.Map<QualifiedName, Integer> low = new java.util.HashMap<>();
            java.util.Deque<QualifiedName> stack = new java.util.ArrayDeque<>();
            Set<QualifiedName> onStack = new HashSet<>();
            int[] counter = { 0 };
            for (QualifiedName start : edges.keySet()) {
                if (order.containsKey(start)) {
                    continue;
                }
                java.util.Deque<java.util.Map.Entry<QualifiedName, java.util.Iterator<QualifiedName>>> work = new java.util.ArrayDeque<>();
                order.put(start, counter[0]);
                low.put(start, counter[0]++);
                stack.push(start);
                onStack.add(start);
                work.push(java.util.Map.entry(start, edges.getOrDefault(start, Set.of()).iterator()));
                while (!work.isEmpty()) {
                    var frame = work.peek();
                    QualifiedName node = frame.getKey();
                    if (frame.getValue().hasNext()) {
                        QualifiedName next = frame.getValue().next();
                        if (!order.containsKey(next)) {
                            order.put(next, counter[0]);
                            low.put(next, counter[0]++);
                            stack.push(next);
                            onStack.add(next);
                            work.push(java.util.Map.entry(next, edges.getOrDefault(next, Set.of()).iterator()));
                        } else if (onStack.contains(next)) {
                            low.put(node, Math.min(low.get(node), order.get(next)));
                        }
                        continue;
                    }
                    work.pop();
                    if (!work.isEmpty()) {
                        QualifiedName parent = work.peek().getKey();
                        low.put(parent, Math.min(low.get(parent), low.get(node)));
                    }
                    if (low.get(node).equals(order.get(node))) {
                        QualifiedName member;
                        do {
                            member = stack.pop();
                            onStack.remove(member);
                            component.put(member, order.get(node));
                        } while (!member.equals(node));
                    }
                }
            }
        }

        /** The shortest import path from one namespace to another within their cycle, or null when they are not in one. */
        List<QualifiedName> path(QualifiedName from, QualifiedName to) {
            Integer cycle = component.get(from);
            if (cycle == null || !cycle.equals(component.get(to))) {
                return null;
            }
            java.util.Map<QualifiedName, QualifiedName> cameFrom = new java.util.HashMap<>();
            java.util.Deque<QualifiedName> queue = new java.util.ArrayDeque<>(List.of(from));
            cameFrom.put(from, from);
            while (!queue.isEmpty()) {
                QualifiedName node = queue.poll();
                if (node.equals(to)) {
                    List<QualifiedName> path = new ArrayList<>();
                    for (QualifiedName step = to; !step.equals(from); step = cameFrom.get(step)) {
                        path.add(0, step);
                    }
                    path.add(0, from);
                    return path;
                }
                for (QualifiedName next : edges.getOrDefault(node, Set.of())) {
                    if (cycle.equals(component.get(next)) && cameFrom.putIfAbsent(next, node) == null) {
                        queue.add(next);
                    }
                }
            }
            return null;
        }
    }

    /** The namespace an import reads from: {@code a.b} for {@code import a.b.*} and for {@code import a.b.Name}. */
    QualifiedName importedNamespace(Import anImport) {
        String imported = anImport.getImportedNamespace();
        String namespace = imported == null ? "" : imported.endsWith(".*") ? imported.substring(0, imported.length() - 2) : imported;
        if (namespace.isBlank()) {
            return null;
        }
        QualifiedName name = nameConverter.toQualifiedName(namespace);
        return imported.endsWith(".*") || name.getSegmentCount() < 2 ? name : name.skipLast(1);
    }

    QualifiedName namespaceOf(PromptModel model) {
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
