package io.promptstudio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SemanticTokensParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real LSP client (lsp4j) talks to {@code promptstudio lsp}, started from the packaged jar, over its standard streams. */
class LanguageServerIT {

    @TempDir
    Path workspace;

    private Process process;

    /** What the server published, by file, in order: a file's diagnostics are published again after every change. */
    private final Map<String, java.util.concurrent.BlockingQueue<List<Diagnostic>>> diagnostics = new ConcurrentHashMap<>();

    private final class Client implements LanguageClient {
        @Override
        public void publishDiagnostics(PublishDiagnosticsParams params) {
            queue(params.getUri()).add(params.getDiagnostics());
        }

        @Override
        public void telemetryEvent(Object object) {
        }

        @Override
        public void showMessage(MessageParams message) {
        }

        @Override
        public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams request) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void logMessage(MessageParams message) {
        }
    }

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Test
    void theServerChecksCompletesExplainsNavigatesFormatsColoursAndFixes() throws Exception {
        Files.writeString(workspace.resolve("types.pstudio"), "namespace shared\n\nclass Ticket {\n  title: string\n  body: string\n}\n");
        String broken = "import shared.*\n\n/** Sorts a ticket. */\nprompt Classify(ticket: Ticket) -> string {\n  user \"{{ tikcet.title }}\"\n}\n";
        Path file = workspace.resolve("classify.pstudio");
        Files.writeString(file, broken);
        String uri = file.toUri().toString();

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-jar", System.getProperty("promptstudio.cli.jar"), "lsp"));
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(Path.of(System.getProperty("promptstudio.cli.jar")).resolveSibling("lsp-it-server.log").toFile())).start();
        Launcher<LanguageServer> launcher = Launcher.createLauncher(new Client(), LanguageServer.class, process.getInputStream(),
                process.getOutputStream());
        launcher.startListening();
        LanguageServer server = launcher.getRemoteProxy();

        InitializeParams init = new InitializeParams();
        init.setWorkspaceFolders(List.of(new WorkspaceFolder(workspace.toUri().toString(), "workspace")));
        init.setRootUri(workspace.toUri().toString());
        init.setCapabilities(new ClientCapabilities());
        var capabilities = server.initialize(init).get(60, TimeUnit.SECONDS).getCapabilities();
        server.initialized(new InitializedParams());
        assertNotNull(capabilities.getSemanticTokensProvider(), "semantic tokens are offered");

        List<Diagnostic> found = published(uri).stream().filter(d -> d.getSeverity() == org.eclipse.lsp4j.DiagnosticSeverity.Error).toList();
        assertEquals(1, found.size(), found.toString());
        assertEquals("promptstudio.unknown-variable", found.get(0).getCode().getLeft());
        assertEquals(new Range(new Position(4, 11), new Position(4, 17)), found.get(0).getRange());

        var text = server.getTextDocumentService();
        TextDocumentIdentifier document = new TextDocumentIdentifier(uri);
        var completion = text.completion(new CompletionParams(document, new Position(4, 13))).get(30, TimeUnit.SECONDS);
        List<String> labels = completion.getLeft() != null ? completion.getLeft().stream().map(item -> item.getLabel()).toList()
                : completion.getRight().getItems().stream().map(item -> item.getLabel()).toList();
        assertTrue(labels.contains("ticket"), "completion inside {{ }} proposes the parameter: " + labels);

        var hover = text.hover(new HoverParams(document, new Position(3, 9))).get(30, TimeUnit.SECONDS);
        String shown = hover.getContents().getRight().getValue();
        assertTrue(shown.contains("prompt Classify(ticket: Ticket) -> string"), shown);
        assertTrue(shown.contains("Sorts a ticket."), shown);

        var definition = text.definition(new DefinitionParams(document, new Position(3, 26))).get(30, TimeUnit.SECONDS);
        var target = definition.getLeft().get(0);
        assertTrue(target.getUri().endsWith("types.pstudio"), target.getUri());
        assertEquals(2, target.getRange().getStart().getLine());

        var tokens = text.semanticTokensFull(new SemanticTokensParams(document)).get(30, TimeUnit.SECONDS);
        List<String> legend = capabilities.getSemanticTokensProvider().getLegend().getTokenTypes();
        List<String> kinds = new ArrayList<>();
        for (int i = 3; i < tokens.getData().size(); i += 5) {
            kinds.add(legend.get(tokens.getData().get(i)));
        }
        assertTrue(kinds.contains("keyword") && kinds.contains("function") && kinds.contains("macro") && kinds.contains("parameter"),
                "semantic tokens: " + kinds);

        var actions = text.codeAction(new CodeActionParams(document, found.get(0).getRange(), new CodeActionContext(found)))
                .get(30, TimeUnit.SECONDS);
        List<String> titles = actions.stream().map(action -> action.getRight().getTitle()).toList();
        assertEquals(List.of("Change to 'ticket'", "Declare parameter 'tikcet: string'"), titles);
        var edit = actions.get(0).getRight().getEdit().getChanges().get(uri).get(0);
        assertEquals("ticket", edit.getNewText());

        String messy = "class   A{x:int\n   y : string[ ]}\n";
        Path messyFile = workspace.resolve("messy.pstudio");
        Files.writeString(messyFile, messy);
        String messyUri = messyFile.toUri().toString();
        text.didOpen(new org.eclipse.lsp4j.DidOpenTextDocumentParams(new org.eclipse.lsp4j.TextDocumentItem(messyUri, "pstudio", 1, messy)));
        var formatting = text.formatting(new DocumentFormattingParams(new TextDocumentIdentifier(messyUri), new FormattingOptions(2, true)))
                .get(30, TimeUnit.SECONDS);
        assertEquals("class A {\n  x: int\n  y: string[]\n}\n", apply(messy, formatting));

        String fixed = broken.replace("tikcet", "ticket");
        text.didOpen(new org.eclipse.lsp4j.DidOpenTextDocumentParams(new org.eclipse.lsp4j.TextDocumentItem(uri, "pstudio", 1, broken)));
        text.didChange(new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, 2),
                List.of(new TextDocumentContentChangeEvent(fixed))));
        // publications of the earlier text may still arrive first; the one for the fixed text must come, and be clean
        assertEquals(List.of(), awaitPublished(uri, List::isEmpty), "the fix clears the finding");

        server.shutdown().get(30, TimeUnit.SECONDS);
    }

    /** Applies LSP text edits (which never overlap) from the last to the first. */
    private static String apply(String text, List<? extends org.eclipse.lsp4j.TextEdit> edits) {
        List<org.eclipse.lsp4j.TextEdit> sorted = new ArrayList<>(edits);
        sorted.sort((a, b) -> Integer.compare(offset(text, b.getRange().getStart()), offset(text, a.getRange().getStart())));
        StringBuilder result = new StringBuilder(text);
        for (var edit : sorted) {
            result.replace(offset(text, edit.getRange().getStart()), offset(text, edit.getRange().getEnd()), edit.getNewText());
        }
        return result.toString();
    }

    private static int offset(String text, Position position) {
        int offset = 0;
        for (int line = 0; line < position.getLine(); line++) {
            offset = text.indexOf('\n', offset) + 1;
        }
        return offset + position.getCharacter();
    }

    private java.util.concurrent.BlockingQueue<List<Diagnostic>> queue(String uri) {
        return diagnostics.computeIfAbsent(uri, key -> new java.util.concurrent.LinkedBlockingQueue<>());
    }

    /** The first publication for the file. */
    private List<Diagnostic> published(String uri) throws Exception {
        return awaitPublished(uri, found -> true);
    }

    /** The first publication for the file that satisfies the condition, waiting up to a minute. */
    private List<Diagnostic> awaitPublished(String uri, java.util.function.Predicate<List<Diagnostic>> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<List<Diagnostic>> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            List<Diagnostic> next = queue(uri).poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            if (condition.test(next)) {
                return next;
            }
            seen.add(next);
        }
        throw new AssertionError("no fitting diagnostics for " + uri + " within a minute; published: " + seen);
    }
}
