package io.promptstudio.dsl.ide.quickfix;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.codeActions.ICodeActionService2;
import org.eclipse.xtext.resource.XtextResource;

/** The language server's code actions: {@link QuickFixes} for each diagnostic in the request. */
public class PromptStudioCodeActions implements ICodeActionService2 {

    @Override
    public List<Either<Command, CodeAction>> getCodeActions(Options options) {
        if (options.getResource() != null && options.getDocument() != null) {
            return actions(options, options.getDocument(), options.getResource());
        }
        // Xtext 2.42's server passes only the URI: read the document and its resource through the server's access
        try {
            return options.getLanguageServerAccess().doRead(options.getURI(),
                    context -> actions(options, context.getDocument(), context.getResource())).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("code actions failed for " + options.getURI(), e.getCause());
        }
    }

    private List<Either<Command, CodeAction>> actions(Options options, Document document, org.eclipse.emf.ecore.resource.Resource loaded) {
        List<Either<Command, CodeAction>> actions = new ArrayList<>();
        if (!(loaded instanceof XtextResource resource) || document == null) {
            return actions;
        }
        for (Diagnostic diagnostic : options.getCodeActionParams().getContext().getDiagnostics()) {
            if (diagnostic.getCode() == null || !diagnostic.getCode().isLeft()) {
                continue;
            }
            int start = document.getOffSet(diagnostic.getRange().getStart());
            int end = document.getOffSet(diagnostic.getRange().getEnd());
            String message = diagnostic.getMessage() == null ? "" : diagnostic.getMessage().isLeft() ? diagnostic.getMessage().getLeft()
                    : diagnostic.getMessage().getRight().getValue();
            for (QuickFixes.Fix fix : QuickFixes.fixes(resource, diagnostic.getCode().getLeft(), start, end - start, message)) {
                if (fix.edits().isEmpty()) {
                    continue;
                }
                List<TextEdit> edits = fix.edits().stream().map(edit -> new TextEdit(
                        new org.eclipse.lsp4j.Range(document.getPosition(edit.offset()), document.getPosition(edit.offset() + edit.length())),
                        edit.text())).toList();
                CodeAction action = new CodeAction(fix.title());
                action.setKind(CodeActionKind.QuickFix);
                action.setDiagnostics(List.of(diagnostic));
                action.setEdit(new WorkspaceEdit(Map.of(options.getURI(), edits)));
                actions.add(Either.forRight(action));
            }
        }
        return actions;
    }
}
