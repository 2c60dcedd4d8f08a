package io.promptstudio.eval;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promptstudio.dsl.promptStudio.Parameter;
import io.promptstudio.dsl.promptStudio.PrimitiveKind;
import io.promptstudio.dsl.promptStudio.Prompt;
import io.promptstudio.dsl.promptStudio.TypeRef;
import io.promptstudio.dsl.render.TypedValues;
import io.promptstudio.dsl.types.Types;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a dataset file one row at a time (a 2 GB file costs one row of memory), each row checked against the
 * prompt's parameters: an unknown column, a missing required input or a value of the wrong type makes the row an
 * error case with {@code file:line:column}, and the rows after it are still read. A file that is not UTF-8 text, or
 * whose CSV quoting is broken, ends the reading with a {@link DatasetException} at the line where it went wrong.
 *
 * <p>JSONL: one JSON object per line, its keys the parameters and optionally {@code expected}. CSV: a header row of the
 * parameters (and optionally {@code expected}); a cell of a text parameter is the text, any other cell is JSON
 * ({@code 3}, {@code true}, {@code ["a","b"]}, {@code {"name":"Ada"}}). YAML: a list of mappings, read whole (up to
 * {@link #MAX_YAML_BYTES}).
 */
public final class Datasets {

    /** The column that holds the expected answer, unless the prompt has a parameter of that name. */
    public static final String EXPECTED = "expected";

    /** The longest line a dataset may have: a file of one huge line (a 2 GB binary) must not be read into memory. */
    public static final int MAX_LINE_CHARS = 8 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Datasets() {
    }

    /** Calls {@code each} with every row of {@code file}, in order. */
    public static void read(Path file, Prompt prompt, Consumer<DatasetRow> each) throws DatasetException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!Files.isRegularFile(file)) {
            throw new DatasetException("no dataset file " + file, null);
        }
        try (Reader reader = utf8(file)) {
            if (name.endsWith(".jsonl")) {
                readJsonLines(file, new BufferedReader(reader), prompt, each);
            } else if (name.endsWith(".csv")) {
                readCsv(file, reader, prompt, each);
            } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                readYaml(file, reader, prompt, each);
            } else {
                throw new DatasetException("a dataset file is .jsonl, .csv or .yaml, not " + file.getFileName(), null);
            }
        } catch (CharacterCodingException e) {
            throw new DatasetException(file + " is not UTF-8 text (" + e.getMessage() + ")", e);
        } catch (IOException | UncheckedIOException e) {
            Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
            if (cause instanceof CharacterCodingException) {
                throw new DatasetException(file + " is not UTF-8 text", cause);
            }
            if (cause instanceof LineTooLong) {
                throw new DatasetException(cause.getMessage(), cause);
            }
            throw new DatasetException("cannot read " + file + ": " + cause.getMessage(), cause);
        }
    }

    private static Reader utf8(Path file) throws IOException {
        // Malformed bytes are an error, not U+FFFD: a binary file must not pass as rows of junk text.
        return new LineLimit(file, new java.io.InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    /** Refuses a line longer than {@link #MAX_LINE_CHARS} as it is read, before it is held anywhere whole. */
    private static final class LineLimit extends java.io.FilterReader {
        private final Path file;
        private long line = 1;
        private long sinceNewline;

        LineLimit(Path file, Reader in) {
            super(in);
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                count((char) c);
            }
            return c;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            for (int i = 0; i < read; i++) {
                count(buffer[offset + i]);
            }
            return read;
        }

        private void count(char c) throws IOException {
            if (c == '\n') {
                line++;
                sinceNewline = 0;
            } else if (++sinceNewline > MAX_LINE_CHARS) {
                throw new LineTooLong(file.getFileName() + ":" + line + ": a line longer than " + MAX_LINE_CHARS / (1024 * 1024)
                        + " M characters; a dataset has one case a line (is this a binary file?)");
            }
        }
    }

    private static final class LineTooLong extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLong(String message) {
            super(message);
        }
    }

    private static void readJsonLines(Path file, BufferedReader reader, Prompt prompt, Consumer<DatasetRow> each) throws IOException {
        JsonFactory factory = JSON.getFactory();
        String line;
        int lineNumber = 0;
        int rowNumber = 0;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            rowNumber++;
            String where = file.getFileName() + ":" + lineNumber;
            Object parsed;
            try (JsonParser parser = factory.createParser(line)) {
                parsed = JSON.readValue(parser, Object.class);
                if (parser.nextToken() != null) {
                    JsonToken extra = parser.currentToken();
                    each.accept(bad(rowNumber, where, where + ":" + (parser.currentLocation().getColumnNr())
                            + ": one JSON object per line; more follows the object (" + extra + ")"));
                    continue;
                }
            } catch (JsonProcessingException e) {
                int column = e.getLocation() == null ? 1 : e.getLocation().getColumnNr();
                each.accept(bad(rowNumber, where, where + ":" + column + ": not JSON: " + e.getOriginalMessage()));
                continue;
            }
            if (!(parsed instanceof Map<?, ?> object)) {
                each.accept(bad(rowNumber, where, where + ":1: a row is a JSON object of the inputs, not " + TypedValues.describe(parsed)));
                continue;
            }
            Map<String, Object> values = new LinkedHashMap<>();
            object.forEach((key, value) -> values.put(String.valueOf(key), TypedValues.normalize(value)));
            String text = line;
            each.accept(row(rowNumber, where, values, prompt, column -> Math.max(1, text.indexOf('"' + column + '"') + 1)));
        }
    }

    private static void readCsv(Path file, Reader reader, Prompt prompt, Consumer<DatasetRow> each) throws DatasetException, IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).get();
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            List<String> header = parser.getHeaderNames();
            Iterator<CSVRecord> records = parser.iterator();
            int rowNumber = 0;
            long lineBefore = parser.getCurrentLineNumber();
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException | NoSuchElementException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    if (cause instanceof LineTooLong || cause instanceof CharacterCodingException) {
                        throw (IOException) cause;
                    }
                    throw new DatasetException(file.getFileName() + ":" + (parser.getCurrentLineNumber() + 1) + ": broken CSV: "
                            + cause.getMessage(), e);
                }
                rowNumber++;
                // A record's line is where it starts: a quoted cell may span lines.
                String where = file.getFileName() + ":" + (lineBefore + 1);
                lineBefore = parser.getCurrentLineNumber();
                if (record.size() != header.size()) {
                    each.accept(bad(rowNumber, where, where + ":1: " + record.size() + " cells, the header has " + header.size()));
                    continue;
                }
                Map<String, Object> values = new LinkedHashMap<>();
                List<String> problems = new ArrayList<>();
                for (int i = 0; i < header.size(); i++) {
                    String column = header.get(i);
                    String cell = record.get(i);
                    Parameter parameter = parameter(prompt, column);
                    boolean text = parameter != null && Types.isPrimitive(Types.unwrapOptional(parameter.getType()), PrimitiveKind.STRING);
                    if (text || parameter == null && column.equals(EXPECTED) && Types.isPrimitive(prompt.getOutput(), PrimitiveKind.STRING)) {
                        values.put(column, cell);
                    } else if (cell.isEmpty() && parameter != null && Types.isOptional(parameter.getType())) {
                        values.put(column, null);
                    } else {
                        try {
                            values.put(column, TypedValues.normalize(JSON.readValue(cell, Object.class)));
                        } catch (JsonProcessingException e) {
                            problems.add(where + ":" + (i + 1) + ": column '" + column + "' is not JSON (" + e.getOriginalMessage() + ")");
                        }
                    }
                }
                if (!problems.isEmpty()) {
                    each.accept(new DatasetRow(rowNumber, where, Map.of(), null, problems));
                    continue;
                }
                each.accept(row(rowNumber, where, values, prompt, column -> header.indexOf(column) + 1));
            }
        }
    }

    /** The largest YAML dataset: a YAML file is read whole (it is written by hand); bigger sets belong in JSONL. */
    public static final long MAX_YAML_BYTES = 64L * 1024 * 1024;

    /**
     * A YAML file: a list of rows, each a mapping of the inputs and optionally {@code expected}. Read whole, so it has a
     * size limit; each row is placed at its line, and each of its keys at its column.
     */
    private static void readYaml(Path file, Reader reader, Prompt prompt, Consumer<DatasetRow> each) throws DatasetException, IOException {
        if (Files.size(file) > MAX_YAML_BYTES) {
            throw new DatasetException(file.getFileName() + ": a YAML dataset is at most " + MAX_YAML_BYTES / (1024 * 1024)
                    + " MB (it is read whole); write a large one as JSON Lines", null);
        }
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        for (int read; (read = reader.read(buffer)) > 0;) {
            text.append(buffer, 0, read);
        }
        LoadSettings settings = LoadSettings.builder().setLabel(file.getFileName().toString()).setAllowDuplicateKeys(false).build();
        Node root;
        Object loaded;
        try {
            root = new Compose(settings).composeString(text.toString()).orElse(null);
            loaded = new Load(settings).loadFromString(text.toString());
        } catch (YamlEngineException e) {
            String at = e instanceof MarkedYamlEngineException marked && marked.getProblemMark().isPresent()
                    ? ":" + (marked.getProblemMark().get().getLine() + 1) + ":" + (marked.getProblemMark().get().getColumn() + 1) : "";
            String problem = e instanceof MarkedYamlEngineException marked ? marked.getProblem() : e.getMessage();
            throw new DatasetException(file.getFileName() + at + ": not YAML: " + problem, e);
        }
        if (root == null) {
            return;
        }
        if (!(root instanceof SequenceNode rows) || !(loaded instanceof List<?> values)) {
            throw new DatasetException(file.getFileName() + ":" + line(root) + ": a YAML dataset is a list of rows (- input: value)", null);
        }
        for (int i = 0; i < rows.getValue().size(); i++) {
            Node node = rows.getValue().get(i);
            String where = file.getFileName() + ":" + line(node);
            if (!(node instanceof MappingNode mapping) || !(values.get(i) instanceof Map<?, ?> object)) {
                each.accept(bad(i + 1, where, where + ":" + column(node) + ": a row is a mapping of the inputs, not "
                        + TypedValues.describe(values.get(i))));
                continue;
            }
            Map<String, Integer> columns = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    columns.put(key.getValue(), column(key));
                }
            }
            Map<String, Object> row = new LinkedHashMap<>();
            object.forEach((key, value) -> row.put(String.valueOf(key), yamlValue(value)));
            each.accept(row(i + 1, where, row, prompt, key -> columns.getOrDefault(key, 1)));
        }
    }

    /** YAML's values as the language's: whole numbers Long, other numbers BigDecimal, lists and maps the same way. */
    private static Object yamlValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(String.valueOf(key), yamlValue(item)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(yamlValue(item)));
            return copy;
        }
        return TypedValues.normalize(value);
    }

    private static int line(Node node) {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(1);
    }

    private static int column(Node node) {
        return node.getStartMark().map(mark -> mark.getColumn() + 1).orElse(1);
    }

    /** Checks a row read from a file: the columns against the prompt's parameters, the values against their types. */
    private static DatasetRow row(int number, String where, Map<String, Object> values, Prompt prompt,
            java.util.function.ToIntFunction<String> columnOf) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> inputs = new LinkedHashMap<>();
        Object expected = null;
        for (var entry : values.entrySet()) {
            Parameter parameter = parameter(prompt, entry.getKey());
            if (parameter == null) {
                if (entry.getKey().equals(EXPECTED)) {
                    expected = entry.getValue();
                    for (String problem : expectedProblems(expected, prompt)) {
                        problems.add(where + ":" + columnOf.applyAsInt(entry.getKey()) + ": " + problem);
                    }
                } else {
                    problems.add(where + ":" + columnOf.applyAsInt(entry.getKey()) + ": prompt " + prompt.getName() + " has no input '"
                            + entry.getKey() + "' (inputs: " + String.join(", ", prompt.getParameters().stream().map(Parameter::getName).toList())
                            + ")");
                }
                continue;
            }
            inputs.put(entry.getKey(), entry.getValue());
            for (String problem : TypedValues.problems(entry.getKey(), entry.getValue(), parameter.getType())) {
                problems.add(where + ":" + columnOf.applyAsInt(entry.getKey()) + ": " + problem);
            }
        }
        for (Parameter parameter : prompt.getParameters()) {
            if (!values.containsKey(parameter.getName()) && parameter.getDefault() == null && !Types.isOptional(parameter.getType())) {
                problems.add(where + ": the row does not give the required input '" + parameter.getName() + "'");
            }
        }
        return new DatasetRow(number, where, inputs, expected, problems);
    }

    /** An expected answer is of the output's type, except that an object may give only some of its fields. */
    private static List<String> expectedProblems(Object expected, Prompt prompt) {
        TypeRef output = prompt.getOutput();
        if (expected instanceof Map<?, ?> object && Types.hasMembers(output)) {
            List<String> problems = new ArrayList<>();
            for (var entry : object.entrySet()) {
                String key = String.valueOf(entry.getKey());
                var field = Types.member(output, key);
                if (field.isEmpty()) {
                    problems.add(EXPECTED + ": " + Types.describe(output) + " has no field '" + key + "'");
                } else {
                    problems.addAll(TypedValues.problems(EXPECTED + "." + key, entry.getValue(), field.get()));
                }
            }
            return problems;
        }
        return TypedValues.problems(EXPECTED, expected, output);
    }

    private static Parameter parameter(Prompt prompt, String name) {
        return prompt.getParameters().stream().filter(p -> p.getName().equals(name)).findFirst().orElse(null);
    }

    private static DatasetRow bad(int number, String where, String problem) {
        return new DatasetRow(number, where, Map.of(), null, List.of(problem));
    }
}
