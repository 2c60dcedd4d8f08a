package io.promptstudio.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundles' boundaries, read from the sources of every module: which of our modules each may use, that it uses
 * only what the other exports as API (not {@code x-internal}, not another's {@code x-friends}), and that only the
 * workbench touches SWT, JFace and Eclipse UI and only the server's HTTP layer touches Netty. Fully qualified names
 * count as much as imports; text in comments and strings does not. Core's tests hold it because every module
 * depends on core.
 */
class ArchitectureTest {

    /** Each module and the modules it may use. The table itself must be acyclic. */
    static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

    static {
        allow("io.promptstudio.core");
        allow("io.promptstudio.sync.protocol");
        allow("io.promptstudio.crdt");
        allow("io.promptstudio.dsl", "io.promptstudio.core");
        allow("io.promptstudio.dsl.ide", "io.promptstudio.core", "io.promptstudio.dsl");
        allow("io.promptstudio.runtime", "io.promptstudio.core", "io.promptstudio.dsl");
        allow("io.promptstudio.store", "io.promptstudio.core", "io.promptstudio.runtime");
        allow("io.promptstudio.search", "io.promptstudio.core", "io.promptstudio.dsl");
        allow("io.promptstudio.runs", "io.promptstudio.core", "io.promptstudio.dsl", "io.promptstudio.runtime", "io.promptstudio.store",
                "io.promptstudio.search");
        allow("io.promptstudio.eval", "io.promptstudio.core", "io.promptstudio.dsl", "io.promptstudio.runtime", "io.promptstudio.runs",
                "io.promptstudio.store", "io.promptstudio.search");
        allow("io.promptstudio.chains", "io.promptstudio.core", "io.promptstudio.dsl", "io.promptstudio.runtime", "io.promptstudio.runs",
                "io.promptstudio.store", "io.promptstudio.search");
        allow("io.promptstudio.optimize", "io.promptstudio.core", "io.promptstudio.dsl", "io.promptstudio.runtime", "io.promptstudio.runs",
                "io.promptstudio.store", "io.promptstudio.search", "io.promptstudio.eval");
        allow("io.promptstudio.collab", "io.promptstudio.core", "io.promptstudio.crdt", "io.promptstudio.sync.protocol");
        allow("io.promptstudio.sync.server", "io.promptstudio.core", "io.promptstudio.sync.protocol", "io.promptstudio.crdt");
        allow("io.promptstudio.cli", "io.promptstudio.core", "io.promptstudio.dsl", "io.promptstudio.dsl.ide", "io.promptstudio.runtime",
                "io.promptstudio.store", "io.promptstudio.search", "io.promptstudio.runs", "io.promptstudio.eval", "io.promptstudio.chains",
                "io.promptstudio.optimize", "io.promptstudio.crdt");
        allow("io.promptstudio.ui", "io.promptstudio.core", "io.promptstudio.dsl", "io.promptstudio.dsl.ide", "io.promptstudio.runtime");
        allow("io.promptstudio.ui.search", "io.promptstudio.core", "io.promptstudio.search", "io.promptstudio.ui");
        allow("io.promptstudio.ui.runs", "io.promptstudio.core", "io.promptstudio.dsl", "io.promptstudio.dsl.ide", "io.promptstudio.runtime",
                "io.promptstudio.store", "io.promptstudio.search", "io.promptstudio.runs", "io.promptstudio.ui", "io.promptstudio.ui.search");
        allow("io.promptstudio.ui.eval", "io.promptstudio.core", "io.promptstudio.dsl", "io.promptstudio.dsl.ide", "io.promptstudio.runs", "io.promptstudio.eval",
                "io.promptstudio.store", "io.promptstudio.ui");
        allow("io.promptstudio.ui.chains", "io.promptstudio.core", "io.promptstudio.dsl", "io.promptstudio.dsl.ide", "io.promptstudio.runs",
                "io.promptstudio.store", "io.promptstudio.chains", "io.promptstudio.ui");
        allow("io.promptstudio.ui.optimize", "io.promptstudio.core", "io.promptstudio.dsl", "io.promptstudio.runtime", "io.promptstudio.runs",
                "io.promptstudio.store", "io.promptstudio.eval", "io.promptstudio.optimize", "io.promptstudio.ui");
        allow("io.promptstudio.ui.collab", "io.promptstudio.core", "io.promptstudio.crdt", "io.promptstudio.sync.protocol",
                "io.promptstudio.collab", "io.promptstudio.sync.server", "io.promptstudio.ui");
    }

    private static final Pattern OUR_NAME = Pattern.compile("\\bio\\.promptstudio(?:\\.[a-z][A-Za-z0-9_]*)+");
    private static final Pattern UI_LIBRARY = Pattern.compile("\\borg\\.eclipse\\.(?:swt|jface|ui)\\b");
    private static final Pattern NETTY = Pattern.compile("\\bio\\.netty\\b");
    private static final Pattern COMMENTS_AND_STRINGS = Pattern.compile(
            "\"\"\"(?s:.*?)\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'|//[^\\n]*|/\\*(?s:.*?)\\*/");

    private static Path root;
    private static final Map<String, Module> modules = new TreeMap<>();

    /** A module: its sources, its packages, and what it exports. */
    record Module(String name, Path folder, List<Path> sourceFolders, Set<String> packages, List<Export> exports) {

        /** Whether {@code user} may use {@code pkg} of this module. */
        boolean offers(String pkg, String user) {
            for (Export export : exports) {
                if (export.matches(pkg)) {
                    return export.friends() == null || export.friends().contains(user);
                }
            }
            return false;
        }
    }

    /** One Export-Package clause: a package or {@code a.b.*}, and who may use it (null: everyone; empty: nobody). */
    record Export(String pattern, Set<String> friends) {
        boolean matches(String pkg) {
            return pattern.endsWith(".*") ? pkg.equals(pattern.substring(0, pattern.length() - 2))
                    || pkg.startsWith(pattern.substring(0, pattern.length() - 1)) : pkg.equals(pattern);
        }
    }

    private static void allow(String module, String... uses) {
        ALLOWED.put(module, Set.of(uses));
    }

    @BeforeAll
    static void readModules() throws IOException {
        root = Path.of(System.getProperty("promptstudio.root", "../..")).toAbsolutePath().normalize();
        List<Path> folders = new ArrayList<>();
        try (Stream<Path> bundles = Files.list(root.resolve("bundles"))) {
            bundles.filter(Files::isDirectory).sorted().forEach(folders::add);
        }
        folders.add(root.resolve("sync-server"));
        for (Path folder : folders) {
            Path bnd = folder.resolve("bnd.bnd");
            Path manifest = folder.resolve("META-INF/MANIFEST.MF");
            String name;
            List<Export> exports;
            if (Files.isRegularFile(bnd)) {
                Map<String, String> headers = headers(Files.readString(bnd).replaceAll("\\\\\\R", ""), "\\R");
                name = headers.get("Bundle-SymbolicName");
                exports = exports(headers.getOrDefault("Export-Package", ""));
            } else if (Files.isRegularFile(manifest)) {
                Map<String, String> headers = headers(Files.readString(manifest).replaceAll("\\R ", ""), "\\R");
                name = headers.get("Bundle-SymbolicName").split(";")[0];
                exports = exports(headers.getOrDefault("Export-Package", ""));
            } else {
                name = folder.getFileName().toString();
                exports = List.of();
            }
            List<Path> sources = Stream.of("src/main/java", "src/main/xtext-gen", "src").map(folder::resolve)
                    .filter(Files::isDirectory).filter(path -> !path.endsWith("src") || !Files.isDirectory(path.resolve("main"))).toList();
            Set<String> packages = new TreeSet<>();
            for (Path source : sources) {
                for (Path file : javaFiles(source)) {
                    packages.add(source.relativize(file.getParent()).toString().replace('/', '.'));
                }
            }
            modules.put(name, new Module(name, folder, sources, packages, exports));
        }
    }

    @Test
    void everyModuleIsInTheTableAndTheTableHasNoCycle() {
        assertEquals(new TreeSet<>(ALLOWED.keySet()), new TreeSet<>(modules.keySet().stream()
                .filter(name -> !modules.get(name).packages().isEmpty()).toList()),
                "a new module needs its line in ArchitectureTest.ALLOWED (and in docs/architecture.md)");
        for (String module : ALLOWED.keySet()) {
            assertTrue(!reaches(module, module, new HashSet<>()), module + " depends on itself through the table");
        }
    }

    @Test
    void modulesUseOnlyTheModulesTheyMayAndOnlyTheirApi() {
        Map<String, String> owner = new HashMap<>();
        modules.values().forEach(module -> module.packages().forEach(pkg -> owner.put(pkg, module.name())));
        List<String> problems = new ArrayList<>();
        for (Module module : modules.values()) {
            for (Path source : module.sourceFolders()) {
                for (Path file : javaFiles(source)) {
                    String code = code(file);
                    Matcher name = OUR_NAME.matcher(code);
                    while (name.find()) {
                        String used = owningPackage(name.group(), owner);
                        if (used == null || owner.get(used).equals(module.name())) {
                            continue;
                        }
                        Module other = modules.get(owner.get(used));
                        String where = root.relativize(file) + ": " + name.group();
                        if (!ALLOWED.getOrDefault(module.name(), Set.of()).contains(other.name())) {
                            problems.add(where + " (" + module.name() + " may not use " + other.name() + ")");
                        } else if (!other.offers(used, module.name())) {
                            problems.add(where + " (" + used + " is not API of " + other.name() + ")");
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void onlyTheWorkbenchUsesSwtJfaceAndEclipseUiAndOnlyTheServersHttpLayerUsesNetty() {
        List<String> problems = new ArrayList<>();
        for (Module module : modules.values()) {
            for (Path source : module.sourceFolders()) {
                for (Path file : javaFiles(source)) {
                    String code = code(file);
                    String pkg = source.relativize(file.getParent()).toString().replace('/', '.');
                    boolean workbench = module.name().equals("io.promptstudio.ui") || module.name().startsWith("io.promptstudio.ui.");
                    if (!workbench && UI_LIBRARY.matcher(code).find()) {
                        problems.add(root.relativize(file) + " uses SWT, JFace or Eclipse UI");
                    }
                    if (!pkg.equals("io.promptstudio.sync.http") && NETTY.matcher(code).find()) {
                        problems.add(root.relativize(file) + " uses Netty outside io.promptstudio.sync.http");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theRulesSeeFullyQualifiedNamesAndIgnoreCommentsAndStrings() {
        String code = strip("""
                import java.util.List; // io.promptstudio.sync.http.SyncServer in a comment
                class A { Object server = new io.promptstudio.sync.http.SyncServer(null); String s = "io.netty.Channel"; }
                /* org.eclipse.swt.widgets.Shell */
                """);
        Matcher name = OUR_NAME.matcher(code);
        assertTrue(name.find());
        assertEquals("io.promptstudio.sync.http", name.group());
        assertTrue(!name.find() && !NETTY.matcher(code).find() && !UI_LIBRARY.matcher(code).find(), code);
        Module server = modules.get("io.promptstudio.sync.server");
        assertTrue(server.offers("io.promptstudio.sync.embedded", "io.promptstudio.ui"));
        assertTrue(!server.offers("io.promptstudio.sync.http", "io.promptstudio.ui"), "the server's HTTP layer is not its API");
        assertTrue(!modules.get("io.promptstudio.runs").offers("io.promptstudio.runs.internal", "io.promptstudio.cli"));
        assertTrue(!modules.get("io.promptstudio.ui").offers("io.promptstudio.ui.internal", "io.promptstudio.ui.runs"),
                "a feature sees the shell's API only");
    }

    private static boolean reaches(String from, String target, Set<String> seen) {
        for (String next : ALLOWED.getOrDefault(from, Set.of())) {
            if (next.equals(target) || seen.add(next) && reaches(next, target, seen)) {
                return true;
            }
        }
        return false;
    }

    /** The longest known package that {@code name} starts with (a name may end in classes and members). */
    private static String owningPackage(String name, Map<String, String> owner) {
        String candidate = name;
        while (candidate.contains(".")) {
            if (owner.containsKey(candidate)) {
                return candidate;
            }
            candidate = candidate.substring(0, candidate.lastIndexOf('.'));
        }
        return null;
    }

    private static String code(Path file) {
        try {
            return strip(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String strip(String source) {
        return COMMENTS_AND_STRINGS.matcher(source).replaceAll(" ");
    }

    private static List<Path> javaFiles(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> headers(String text, String lineBreak) {
        Map<String, String> headers = new HashMap<>();
        for (String line : text.split(lineBreak)) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#") && !line.startsWith("-")) {
                headers.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return headers;
    }

    /** The clauses of an Export-Package header, in order (bnd takes the first that matches a package). */
    private static List<Export> exports(String header) {
        List<Export> exports = new ArrayList<>();
        for (String clause : header.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
            String[] parts = clause.strip().split(";");
            if (parts[0].isBlank()) {
                continue;
            }
            Set<String> friends = null;
            for (int i = 1; i < parts.length; i++) {
                String attribute = parts[i].strip();
                if (attribute.equals("x-internal:=true")) {
                    friends = Set.of();
                } else if (attribute.startsWith("x-friends:=")) {
                    friends = Set.of(attribute.substring("x-friends:=".length()).replace("\"", "").split("\\s*,\\s*"));
                }
            }
            exports.add(new Export(parts[0].strip(), friends));
        }
        return exports;
    }
}
