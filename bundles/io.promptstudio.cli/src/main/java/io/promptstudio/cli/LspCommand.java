package io.promptstudio.cli;

import com.google.inject.Guice;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.eclipse.xtext.ide.server.ServerModule;
import picocli.CommandLine.Command;

/**
 * The language server over standard input and output, for any editor with an LSP client: diagnostics, completion,
 * hover, go to definition, formatting, semantic tokens and quick fixes for prompt files.
 */
@Command(name = "lsp", mixinStandardHelpOptions = true,
        description = "Run the PromptStudio language server on standard input and output (the Language Server Protocol).")
final class LspCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        InputStream in = System.in;
        PrintStream protocol = System.out;
        // standard output belongs to the protocol: anything a library prints must go to standard error instead
        System.setOut(System.err);
        LanguageServerImpl server = Guice.createInjector(new ServerModule()).getInstance(LanguageServerImpl.class);
        Launcher<LanguageClient> launcher = Launcher.createLauncher(server, LanguageClient.class, in, protocol);
        server.connect(launcher.getRemoteProxy());
        launcher.startListening().get();
        return 0;
    }
}
