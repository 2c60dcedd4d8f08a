package io.promptstudio.search.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * Reads Markdown, plain text, HTML and PDF into {@link SourceDocument}s by structure, and refuses what it cannot
 * read with a reason: a file over the size limit, binary data in a text format, an encrypted or broken PDF.
 */
public final class SourceReaders {

    /** Files larger than this are skipped unless the caller sets another limit. */
    public static final long DEFAULT_MAX_BYTES = 50L * 1024 * 1024;

    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");
    private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\([^)]*\\)");
    private static final Pattern EMPHASIS = Pattern.compile("(\\*\\*|__|\\*|_|`)(\\S(?:.*?\\S)?)\\1");
    private static final Pattern PAGE_NUMBER = Pattern.compile("^(page\\s*)?\\d{1,4}(\\s*(/|of)\\s*\\d{1,4})?$", Pattern.CASE_INSENSITIVE);

    private SourceReaders() {
    }

    /** The format of a file by its extension, or empty when ingest does not read it. */
    public static Optional<String> format(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1);
        return Optional.ofNullable(switch (extension) {
            case "md", "markdown" -> "markdown";
            case "txt", "text" -> "text";
            case "html", "htm", "xhtml" -> "html";
            case "pdf" -> "pdf";
            default -> null;
        });
    }

    public static SourceDocument read(Path file, long maxBytes) throws UnreadableSourceException {
        return read(file, bytes(file, maxBytes));
    }

    /** The bytes of a file ingest reads, refusing another format or a file over the limit before reading it. */
    public static byte[] bytes(Path file, long maxBytes) throws UnreadableSourceException {
        format(file).orElseThrow(() -> new UnreadableSourceException("not a format ingest reads (Markdown, text, HTML, PDF)"));
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new UnreadableSourceException("the file has " + size + " bytes, over the limit of " + maxBytes);
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UnreadableSourceException("cannot read the file: " + e.getMessage(), e);
        }
    }

    /** Reads a file from its bytes ({@link #bytes}). */
    public static SourceDocument read(Path file, byte[] bytes) throws UnreadableSourceException {
        String format = format(file).orElseThrow(() -> new UnreadableSourceException("not a format ingest reads (Markdown, text, HTML, PDF)"));
        String source = file.toAbsolutePath().normalize().toString();
        return switch (format) {
            case "markdown" -> markdown(source, text(bytes));
            case "text" -> plainText(source, text(bytes));
            case "html" -> html(source, text(bytes));
            case "pdf" -> pdf(source, bytes);
            default -> throw new IllegalStateException(format);
        };
    }

    /** UTF-8 text, refusing binary data (a NUL byte, or bytes that are not UTF-8) with the offset where it starts. */
    static String text(byte[] bytes) throws UnreadableSourceException {
        for (int i = 0; i < Math.min(bytes.length, 1 << 20); i++) {
            if (bytes[i] == 0) {
                throw new UnreadableSourceException("binary data (a NUL byte at byte " + i + "), not text");
            }
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new UnreadableSourceException("not UTF-8 text (" + e.getMessage() + ")", e);
        }
    }

    static SourceDocument plainText(String source, String text) {
        List<String> blocks = paragraphs(text);
        return new SourceDocument(source, "text", blocks.isEmpty() ? "" : firstLine(blocks.get(0)),
                List.of(new SourceDocument.Section(List.of(), blocks, 0)));
    }

    static SourceDocument markdown(String source, String text) {
        List<SourceDocument.Section> sections = new ArrayList<>();
        List<String> headings = new ArrayList<>();
        List<String> blocks = new ArrayList<>();
        StringBuilder paragraph = new StringBuilder();
        String title = "";
        boolean inFence = false;
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        int start = 0;
        if (lines.length > 0 && lines[0].strip().equals("---")) {
            // YAML front matter is metadata, not content
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].strip().equals("---")) {
                    start = i + 1;
                    break;
                }
            }
        }
        for (int i = start; i < lines.length; i++) {
            String line = lines[i];
            if (FENCE.matcher(line).find()) {
                inFence = !inFence;
                paragraph.append(line).append('\n');
                if (!inFence) {
                    flush(paragraph, blocks, false);
                }
                continue;
            }
            if (inFence) {
                paragraph.append(line).append('\n');
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                flush(paragraph, blocks, true);
                if (!blocks.isEmpty()) {
                    sections.add(new SourceDocument.Section(headings, blocks, 0));
                    blocks = new ArrayList<>();
                }
                int level = heading.group(1).length();
                String name = inline(heading.group(2));
                while (headings.size() >= level) {
                    headings.remove(headings.size() - 1);
                }
                headings.add(name);
                if (title.isEmpty()) {
                    title = name;
                }
                continue;
            }
            if (line.isBlank()) {
                flush(paragraph, blocks, true);
            } else {
                paragraph.append(line).append('\n');
            }
        }
        flush(paragraph, blocks, true);
        if (!blocks.isEmpty()) {
            sections.add(new SourceDocument.Section(headings, blocks, 0));
        }
        return new SourceDocument(source, "markdown", title, sections);
    }

    private static void flush(StringBuilder paragraph, List<String> blocks, boolean prose) {
        String block = paragraph.toString().strip();
        paragraph.setLength(0);
        if (!block.isEmpty()) {
            blocks.add(prose ? inline(block) : block);
        }
    }

    private static String inline(String markdown) {
        String text = LINK.matcher(markdown).replaceAll("$1");
        return EMPHASIS.matcher(text).replaceAll("$2");
    }

    static SourceDocument html(String source, String text) {
        org.jsoup.nodes.Document page = Jsoup.parse(text);
        // boilerplate: what every page of a site repeats around its content
        page.select("script, style, noscript, template, nav, header, footer, aside, form, iframe, svg, button, "
                + "[role=navigation], [role=banner], [role=contentinfo], [aria-hidden=true], .cookie, .cookies, .navbar, .sidebar, .breadcrumb").remove();
        Element content = page.selectFirst("main, article, [role=main]");
        if (content == null) {
            content = page.body();
        }
        List<SourceDocument.Section> sections = new ArrayList<>();
        List<String> headings = new ArrayList<>();
        List<String> blocks = new ArrayList<>();
        String title = page.title().strip();
        for (Element element : content.select("h1, h2, h3, h4, h5, h6, p, li, pre, blockquote, td, dd, dt, figcaption")) {
            String tag = element.tagName();
            if (tag.length() == 2 && tag.charAt(0) == 'h' && Character.isDigit(tag.charAt(1))) {
                if (!blocks.isEmpty()) {
                    sections.add(new SourceDocument.Section(headings, blocks, 0));
                    blocks = new ArrayList<>();
                }
                int level = tag.charAt(1) - '0';
                while (headings.size() >= level) {
                    headings.remove(headings.size() - 1);
                }
                headings.add(element.text().strip());
                if (title.isEmpty()) {
                    title = element.text().strip();
                }
                continue;
            }
            // nested blocks (a p inside an li) are read once, by the innermost
            if (!tag.equals("pre") && !element.children().select("p, li, pre, blockquote, td").isEmpty()) {
                continue;
            }
            String block = tag.equals("pre") ? element.wholeText().strip() : element.text().strip();
            if (!block.isEmpty()) {
                blocks.add(block);
            }
        }
        if (!blocks.isEmpty()) {
            sections.add(new SourceDocument.Section(headings, blocks, 0));
        }
        return new SourceDocument(source, "html", title, sections);
    }

    static SourceDocument pdf(String source, byte[] bytes) throws UnreadableSourceException {
        try (PDDocument document = Loader.loadPDF(bytes)) {
            if (document.isEncrypted() && !document.getCurrentAccessPermission().canExtractContent()) {
                throw new UnreadableSourceException("an encrypted PDF whose permissions forbid extracting its text");
            }
            int pages = document.getNumberOfPages();
            List<List<String>> pageLines = new ArrayList<>();
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            stripper.setLineSeparator("\n");
            // a blank line after each paragraph PDFBox detects, so that paragraphs() splits there
            stripper.setParagraphEnd("\n");
            for (int page = 1; page <= pages; page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                pageLines.add(List.of(stripper.getText(document).replace("\r\n", "\n").split("\n", -1)));
            }
            List<SourceDocument.Section> sections = new ArrayList<>();
            Map<String, Integer> repeated = repeatedLines(pageLines);
            for (int page = 0; page < pageLines.size(); page++) {
                StringBuilder kept = new StringBuilder();
                for (String line : pageLines.get(page)) {
                    String stripped = line.strip();
                    if (PAGE_NUMBER.matcher(stripped).matches() || (pages >= 3 && repeated.getOrDefault(stripped, 0) * 2 > pages)) {
                        continue;
                    }
                    kept.append(line).append('\n');
                }
                List<String> blocks = paragraphs(kept.toString());
                if (!blocks.isEmpty()) {
                    sections.add(new SourceDocument.Section(List.of(), blocks, page + 1));
                }
            }
            String title = document.getDocumentInformation() == null ? null : document.getDocumentInformation().getTitle();
            return new SourceDocument(source, "pdf", title == null ? "" : title.strip(), sections);
        } catch (InvalidPasswordException e) {
            throw new UnreadableSourceException("an encrypted PDF (it needs a password)", e);
        } catch (IOException e) {
            throw new UnreadableSourceException("not a readable PDF (" + e.getMessage() + ")", e);
        }
    }

    /** Lines and how many pages carry them: running headers and footers repeat on most pages. */
    private static Map<String, Integer> repeatedLines(List<List<String>> pages) {
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> lines : pages) {
            for (String line : new java.util.HashSet<>(lines)) {
                String stripped = line.strip();
                if (!stripped.isEmpty()) {
                    counts.merge(stripped, 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /** Paragraphs: blocks separated by blank lines, with their lines joined. */
    static List<String> paragraphs(String text) {
        List<String> blocks = new ArrayList<>();
        for (String block : text.replace("\r\n", "\n").split("\n\\s*\n")) {
            String joined = block.strip().replaceAll("-\n(\\p{Ll})", "$1").replaceAll("\\s*\n\\s*", " ");
            if (!joined.isEmpty()) {
                blocks.add(joined);
            }
        }
        return blocks;
    }

    private static String firstLine(String block) {
        String line = block.lines().findFirst().orElse("").strip();
        return line.length() > 80 ? line.substring(0, 80) : line;
    }
}
