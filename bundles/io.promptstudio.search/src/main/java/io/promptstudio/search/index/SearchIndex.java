package io.promptstudio.search.index;

import io.promptstudio.search.embed.Embedder;
import io.promptstudio.search.embed.Vectors;
import io.promptstudio.search.text.Fingerprint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiBits;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.DoubleValuesSourceRescorer;
import org.apache.lucene.search.FullPrecisionFloatVectorSimilarityValuesSource;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * A Lucene index on disk: BM25 over titles and text, an HNSW graph over the embedding of each item, and hybrid
 * search that fuses both by reciprocal rank. Changes become visible to searches at once and durable at
 * {@link #commit()}; a crash between commits loses only the uncommitted changes (Lucene commits are atomic), so
 * an interrupted indexing never leaves a half-written index. An index that cannot be read (corrupt, from another
 * Lucene, built with another embedding model) is detected when it is opened, emptied and reported through the
 * message consumer, and {@link #wasRebuilt()} tells the caller to index its sources again. Thread-safe.
 */
public final class SearchIndex implements AutoCloseable {

    /** Reciprocal-rank fusion's constant: 60, as in Cormack et al. and most engines since. */
    static final int RRF_K = 60;

    /**
     * In hybrid results, types and profiles weigh 0.8: they support prompts, and a question matching an enum's
     * values ("positive or negative") is usually after the prompt that uses it. Keyword and vector modes are
     * left pure.
     */
    static final double SUPPORTING_ITEM_PRIOR = 0.8;
    private static final int HYBRID_EXTRA = 10;
    private static final String SCHEMA = "1";
    private static final String SCHEMA_KEY = "promptstudio.schema";
    private static final String EMBEDDER_KEY = "promptstudio.embedder";

    static final String ID = "id";
    static final String TYPE = "type";
    static final String SOURCE = "source";
    static final String PROJECT = "project";
    static final String TAG = "tag";
    static final String TITLE = "title";
    static final String TEXT = "text";
    static final String POSITION = "position";
    static final String LOCATION = "location";
    static final String MODIFIED = "modified";
    static final String SOURCE_HASH = "source_hash";
    static final String VECTOR = "vector";
    static final String CONTENT_HASH = "content_hash";
    private static final String SOURCE_MARKER = "_source";

    /**
     * How vectors are stored: int8 scalar quantization keeps a quarter of the bytes in the graph's hot path at
     * a small cost in recall (measured by {@code promptstudio bench-search}).
     */
    public record Options(boolean quantized, int maxConnections, int beamWidth) {
        public static final Options DEFAULT = new Options(false, 16, 100);

        public Options quantize() {
            return new Options(true, maxConnections, beamWidth);
        }
    }

    private final Path folder;
    private final Embedder embedder;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Analyzer analyzer = new EnglishAnalyzer();
    private final boolean rebuilt;
    private final Options options;

    private SearchIndex(Path folder, Embedder embedder, Directory directory, IndexWriter writer, boolean rebuilt, Options options) throws IOException {
        this.folder = folder;
        this.embedder = embedder;
        this.directory = directory;
        this.writer = writer;
        this.searchers = new SearcherManager(writer, null);
        this.rebuilt = rebuilt;
        this.options = options;
    }

    /**
     * Opens the index in the folder, creating it when there is none.
     *
     * @param messages told, in a sentence, when an unreadable index was emptied for rebuilding
     */
    public static SearchIndex open(Path folder, Embedder embedder, Options options, Consumer<String> messages) throws IndexException {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new IndexException("cannot create the index folder " + folder + ": " + e.getMessage(), e);
        }
        String problem = unreadable(folder, embedder);
        if (problem != null) {
            messages.accept("The search index in " + folder + " " + problem + "; it was emptied and will be rebuilt from the sources.");
            try {
                clear(folder);
            } catch (IOException e) {
                throw new IndexException("cannot empty the unreadable index in " + folder + ": " + e.getMessage(), e);
            }
        }
        Directory directory = null;
        try {
            directory = FSDirectory.open(folder);
            IndexWriterConfig config = new IndexWriterConfig(new EnglishAnalyzer()).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setCodec(codec(options)).setRAMBufferSizeMB(64);
            IndexWriter writer = new IndexWriter(directory, config);
            writer.setLiveCommitData(Map.of(SCHEMA_KEY, SCHEMA, EMBEDDER_KEY, embedderKey(embedder)).entrySet());
            if (problem != null || !DirectoryReader.indexExists(directory)) {
                writer.commit();
            }
            return new SearchIndex(folder, embedder, directory, writer, problem != null, options);
        } catch (IOException e) {
            closeQuietly(directory);
            throw new IndexException("cannot open the search index in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Why the index in the folder cannot be used as it is, or null when it can (or there is none yet). */
    private static String unreadable(Path folder, Embedder embedder) {
        try (Directory directory = FSDirectory.open(folder)) {
            if (!DirectoryReader.indexExists(directory)) {
                return null;
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                Map<String, String> data = reader.getIndexCommit().getUserData();
                if (!SCHEMA.equals(data.get(SCHEMA_KEY))) {
                    return "has an unknown layout (" + data.getOrDefault(SCHEMA_KEY, "none") + ")";
                }
                if (!embedderKey(embedder).equals(data.get(EMBEDDER_KEY))) {
                    return "was built with the embedding model " + data.get(EMBEDDER_KEY) + ", not " + embedderKey(embedder);
                }
                // opening checks the small files' checksums; this checks every other file's, reading them once in sequence
                for (LeafReaderContext leaf : reader.leaves()) {
                    leaf.reader().checkIntegrity();
                }
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
        }
    }

    private static void clear(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                if (Files.isRegularFile(file)) {
                    Files.delete(file);
                }
            }
        }
    }

    private static String embedderKey(Embedder embedder) {
        return embedder.id() + "/" + embedder.dimension();
    }

    private static Lucene103Codec codec(Options options) {
        KnnVectorsFormat format = options.quantized()
                ? new Lucene99HnswScalarQuantizedVectorsFormat(options.maxConnections(), options.beamWidth())
                : new Lucene99HnswVectorsFormat(options.maxConnections(), options.beamWidth());
        return new Lucene103Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
            }
        };
    }

    public Path folder() {
        return folder;
    }

    public Embedder embedder() {
        return embedder;
    }

    /** True when the index was unreadable at open and is empty now: its sources must be indexed again. */
    public boolean wasRebuilt() {
        return rebuilt;
    }

    /** Adds the items of a source, replacing whatever the index held for it; embeds them here. */
    public void replaceSource(String source, String sourceHash, List<IndexedItem> items) throws IndexException {
        List<float[]> vectors = embedder.embedAll(items.stream().map(IndexedItem::embeddingText).toList());
        replaceSource(source, sourceHash, items, vectors);
    }

    /** Adds the items of a source with vectors computed elsewhere (the benchmark's, or a batch's). */
    public void replaceSource(String source, String sourceHash, List<IndexedItem> items, List<float[]> vectors) throws IndexException {
        if (items.size() != vectors.size()) {
            throw new IllegalArgumentException(items.size() + " items but " + vectors.size() + " vectors");
        }
        List<Document> documents = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            IndexedItem item = items.get(i);
            if (!item.source().equals(source)) {
                throw new IllegalArgumentException("item " + item.id() + " is from " + item.source() + ", not " + source);
            }
            documents.add(document(item, sourceHash, vectors.get(i)));
        }
        if (documents.isEmpty()) {
            // a source with nothing to find (every chunk a duplicate) still records its hash, so it is not read again
            Document marker = new Document();
            marker.add(new StringField(ID, "source:" + source, Field.Store.YES));
            marker.add(new StringField(TYPE, SOURCE_MARKER, Field.Store.YES));
            marker.add(new StringField(SOURCE, source, Field.Store.YES));
            marker.add(new StoredField(SOURCE_HASH, sourceHash == null ? "" : sourceHash));
            documents.add(marker);
        }
        try {
            writer.deleteDocuments(new Term(SOURCE, source));
            writer.addDocuments(documents);
            searchers.maybeRefresh();
        } catch (IOException e) {
            throw failure("write to", e);
        }
    }

    private Document document(IndexedItem item, String sourceHash, float[] vector) {
        if (vector.length != embedder.dimension()) {
            throw new IllegalArgumentException("a vector of " + vector.length + " dimensions for an index of " + embedder.dimension());
        }
        Document document = new Document();
        document.add(new StringField(ID, item.id(), Field.Store.YES));
        document.add(new StringField(TYPE, item.type(), Field.Store.YES));
        document.add(new StringField(SOURCE, item.source(), Field.Store.YES));
        document.add(new StringField(PROJECT, item.project(), Field.Store.YES));
        for (String tag : item.tags()) {
            document.add(new StringField(TAG, tag, Field.Store.YES));
        }
        document.add(new TextField(TITLE, item.title(), Field.Store.YES));
        document.add(new TextField(TEXT, item.text(), Field.Store.YES));
        document.add(new StoredField(POSITION, item.position()));
        document.add(new StoredField(LOCATION, item.location()));
        document.add(new StoredField(MODIFIED, item.modified()));
        document.add(new StoredField(SOURCE_HASH, sourceHash == null ? "" : sourceHash));
        document.add(new StringField(CONTENT_HASH, Fingerprint.ofText(item.text()), Field.Store.NO));
        document.add(new KnnFloatVectorField(VECTOR, Vectors.normalized(vector), VectorSimilarityFunction.DOT_PRODUCT));
        return document;
    }

    /** Removes everything the index holds for a source (a deleted file). */
    public void deleteSource(String source) throws IndexException {
        try {
            writer.deleteDocuments(new Term(SOURCE, source));
            searchers.maybeRefresh();
        } catch (IOException e) {
            throw failure("write to", e);
        }
    }

    /** The content hash the source had when it was indexed: unchanged sources are skipped by incremental updates. */
    public Optional<String> sourceHash(String source) throws IndexException {
        return withSearcher(searcher -> {
            TopDocs top = searcher.search(new TermQuery(new Term(SOURCE, source)), 1);
            if (top.scoreDocs.length == 0) {
                return Optional.empty();
            }
            return Optional.ofNullable(searcher.storedFields().document(top.scoreDocs[0].doc).get(SOURCE_HASH));
        });
    }

    /** The stored unit vectors of items, by id (absent ids are left out). */
    public Map<String, float[]> vectors(List<String> ids) throws IndexException {
        return withSearcher(searcher -> {
            Map<String, float[]> vectors = new LinkedHashMap<>();
            for (String id : ids) {
                TopDocs top = searcher.search(new TermQuery(new Term(ID, id)), 1);
                if (top.scoreDocs.length == 0) {
                    continue;
                }
                int doc = top.scoreDocs[0].doc;
                for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                    int local = doc - leaf.docBase;
                    if (local < 0 || local >= leaf.reader().maxDoc()) {
                        continue;
                    }
                    FloatVectorValues values = leaf.reader().getFloatVectorValues(VECTOR);
                    if (values != null) {
                        KnnVectorValues.DocIndexIterator iterator = values.iterator();
                        if (iterator.advance(local) == local) {
                            vectors.put(id, values.vectorValue(iterator.index()).clone());
                        }
                    }
                    break;
                }
            }
            return vectors;
        });
    }

    /** True when an item of another source has this text already ({@link Fingerprint#ofText}): a duplicate to drop. */
    public boolean holdsTextElsewhere(String textHash, String source) throws IndexException {
        return withSearcher(searcher -> {
            Query query = new BooleanQuery.Builder().add(new TermQuery(new Term(CONTENT_HASH, textHash)), Occur.FILTER)
                    .add(new TermQuery(new Term(SOURCE, source)), Occur.MUST_NOT).build();
            return searcher.count(query) > 0;
        });
    }

    /** Every source the index holds, with its hash: one stored document read per source, not per item. */
    public Map<String, String> sources() throws IndexException {
        return withSearcher(searcher -> {
            Map<String, String> sources = new LinkedHashMap<>();
            IndexReader reader = searcher.getIndexReader();
            Bits live = MultiBits.getLiveDocs(reader);
            Terms terms = MultiTerms.getTerms(reader, SOURCE);
            if (terms == null) {
                return sources;
            }
            StoredFields stored = searcher.storedFields();
            TermsEnum each = terms.iterator();
            PostingsEnum postings = null;
            for (BytesRef term = each.next(); term != null; term = each.next()) {
                postings = each.postings(postings, PostingsEnum.NONE);
                for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                    if (live == null || live.get(doc)) {
                        sources.put(term.utf8ToString(), stored.document(doc, Set.of(SOURCE_HASH)).get(SOURCE_HASH));
                        break;
                    }
                }
            }
            return sources;
        });
    }

    /** Items held, all sources together. */
    public int size() throws IndexException {
        return withSearcher(searcher -> searcher.count(new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.FILTER)
                .add(new TermQuery(new Term(TYPE, SOURCE_MARKER)), Occur.MUST_NOT).build()));
    }

    /** Makes every change so far durable. */
    public void commit() throws IndexException {
        try {
            writer.commit();
        } catch (IOException e) {
            throw failure("commit", e);
        }
    }

    /** Merges segments down to one: what a benchmark does before measuring queries. */
    public void optimize() throws IndexException {
        try {
            writer.forceMerge(1);
            writer.commit();
            searchers.maybeRefresh();
        } catch (IOException e) {
            throw failure("merge", e);
        }
    }

    /** Bytes the index's files take on disk. */
    public long sizeOnDisk() throws IndexException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw failure("list", e);
        }
    }

    public List<SearchHit> search(SearchRequest request) throws IndexException {
        float[] vector = request.mode() == SearchRequest.Mode.KEYWORD ? null : embedder.embed(request.text());
        return search(request, vector);
    }

    /** Searches with the query's vector computed by the caller. */
    public List<SearchHit> search(SearchRequest request, float[] queryVector) throws IndexException {
        Query filter = filter(request);
        List<String> queryTerms = terms(request.text());
        return withSearcher(searcher -> {
            int depth = Math.max(request.limit(), 50);
            Map<Integer, double[]> fused = new HashMap<>();
            Map<Integer, int[]> ranks = new HashMap<>();
            if (request.mode() != SearchRequest.Mode.VECTOR) {
                ScoreDoc[] keyword = searcher.search(keywordQuery(queryTerms, filter), depth).scoreDocs;
                for (int i = 0; i < keyword.length; i++) {
                    int doc = keyword[i].doc;
                    fused.computeIfAbsent(doc, d -> new double[] {0, Double.NaN, Double.NaN})[0] += 1.0 / (RRF_K + i + 1);
                    fused.get(doc)[1] = keyword[i].score;
                    ranks.computeIfAbsent(doc, d -> new int[2])[0] = i + 1;
                }
            }
            if (request.mode() != SearchRequest.Mode.KEYWORD) {
                float[] unit = Vectors.normalized(queryVector);
                ScoreDoc[] nearest;
                if (options.quantized()) {
                    // the graph ranks by int8 similarity: twice as many candidates, re-ranked by the float vectors
                    TopDocs approximate = searcher.search(new KnnFloatVectorQuery(VECTOR, unit, depth * 2, filter), depth * 2);
                    nearest = FULL_PRECISION.apply(unit).rescore(searcher, approximate, depth).scoreDocs;
                } else {
                    nearest = searcher.search(new KnnFloatVectorQuery(VECTOR, unit, depth, filter), depth).scoreDocs;
                }
                for (int i = 0; i < nearest.length; i++) {
                    int doc = nearest[i].doc;
                    fused.computeIfAbsent(doc, d -> new double[] {0, Double.NaN, Double.NaN})[0] += 1.0 / (RRF_K + i + 1);
                    // Lucene scores a dot product as (1 + dot) / 2
                    fused.get(doc)[2] = 2 * nearest[i].score - 1;
                    ranks.computeIfAbsent(doc, d -> new int[2])[1] = i + 1;
                }
            }
            List<Integer> order = new ArrayList<>(fused.keySet());
            Comparator<Integer> byScore = switch (request.mode()) {
                case KEYWORD -> Comparator.comparingDouble(doc -> -fused.get(doc)[1]);
                case VECTOR -> Comparator.comparingDouble(doc -> -fused.get(doc)[2]);
                case HYBRID -> Comparator.comparingDouble(doc -> -fused.get(doc)[0]);
            };
            order.sort(byScore.thenComparing(doc -> doc));
            // a few more than asked, so that the hybrid prior below can let a prompt or chunk move up past a type
            int candidates = request.mode() == SearchRequest.Mode.HYBRID ? request.limit() + HYBRID_EXTRA : request.limit();
            List<SearchHit> ranked = new ArrayList<>();
            StoredFields stored = searcher.storedFields();
            for (int doc : order.subList(0, Math.min(candidates, order.size()))) {
                IndexedItem item = item(stored.document(doc));
                double[] scores = fused.get(doc);
                double score = switch (request.mode()) {
                    case KEYWORD -> scores[1];
                    case VECTOR -> scores[2];
                    case HYBRID -> scores[0] * prior(item.type());
                };
                int[] rank = ranks.get(doc);
                ranked.add(new SearchHit(item, score, rank[0], rank[1], scores[2], null));
            }
            if (request.mode() == SearchRequest.Mode.HYBRID) {
                ranked.sort(Comparator.comparingDouble(hit -> -hit.score()));
            }
            List<SearchHit> hits = new ArrayList<>();
            for (SearchHit hit : ranked.subList(0, Math.min(request.limit(), ranked.size()))) {
                hits.add(new SearchHit(hit.item(), hit.score(), hit.keywordRank(), hit.vectorRank(), hit.similarity(),
                        Snippets.best(hit.item().text(), queryTerms, this::terms)));
            }
            return hits;
        });
    }

    private static final java.util.function.Function<float[], DoubleValuesSourceRescorer> FULL_PRECISION = unit ->
            new DoubleValuesSourceRescorer(new FullPrecisionFloatVectorSimilarityValuesSource(unit, VECTOR, VectorSimilarityFunction.DOT_PRODUCT)) {
                @Override
                protected float combine(float firstPassScore, boolean valuePresent, double sourceValue) {
                    return valuePresent ? (float) sourceValue : firstPassScore;
                }
            };

    private Query keywordQuery(List<String> queryTerms, Query filter) {
        BooleanQuery.Builder terms = new BooleanQuery.Builder();
        for (String term : new LinkedHashSet<>(queryTerms)) {
            terms.add(new BoostQuery(new TermQuery(new Term(TITLE, term)), 2f), Occur.SHOULD);
            terms.add(new TermQuery(new Term(TEXT, term)), Occur.SHOULD);
        }
        BooleanQuery.Builder query = new BooleanQuery.Builder().add(terms.build(), Occur.MUST);
        if (filter != null) {
            query.add(filter, Occur.FILTER);
        }
        return query.build();
    }

    private static Query filter(SearchRequest request) {
        if (request.types().isEmpty() && request.projects().isEmpty() && request.tags().isEmpty()) {
            return null;
        }
        BooleanQuery.Builder filter = new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.FILTER);
        filter.add(anyOf(TYPE, request.types()), Occur.FILTER);
        filter.add(anyOf(PROJECT, request.projects()), Occur.FILTER);
        for (String tag : request.tags()) {
            filter.add(new TermQuery(new Term(TAG, tag)), Occur.FILTER);
        }
        return filter.build();
    }

    private static Query anyOf(String field, List<String> values) {
        if (values.isEmpty()) {
            return new MatchAllDocsQuery();
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        for (String value : values) {
            any.add(new TermQuery(new Term(field, value)), Occur.SHOULD);
        }
        return any.build();
    }

    /** The analysed terms of a text: lower-cased, stop words dropped, stemmed — what BM25 matches on. */
    List<String> terms(String text) {
        List<String> terms = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream(TEXT, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms;
    }

    private static double prior(String type) {
        return type.equals("type") || type.equals("profile") ? SUPPORTING_ITEM_PRIOR : 1.0;
    }

    private static IndexedItem item(Document document) {
        List<String> tags = new ArrayList<>();
        for (var field : document.getFields(TAG)) {
            tags.add(field.stringValue());
        }
        return new IndexedItem(document.get(ID), document.get(TYPE), document.get(SOURCE), document.get(PROJECT), document.get(TITLE),
                document.get(TEXT), tags, document.getField(POSITION).numericValue().intValue(), document.get(LOCATION),
                document.getField(MODIFIED).numericValue().longValue());
    }

    private interface SearcherWork<T> {
        T run(IndexSearcher searcher) throws IOException;
    }

    private <T> T withSearcher(SearcherWork<T> work) throws IndexException {
        IndexSearcher searcher;
        try {
            searcher = searchers.acquire();
        } catch (IOException e) {
            throw failure("read", e);
        }
        try {
            return work.run(searcher);
        } catch (IOException e) {
            throw failure("read", e);
        } finally {
            try {
                searchers.release(searcher);
            } catch (IOException e) {
                // releasing only decrements a reference count; a failure here cannot lose data
            }
        }
    }

    private IndexException failure(String action, IOException e) {
        return new IndexException("cannot " + action + " the search index in " + folder + ": " + e.getMessage(), e);
    }

    @Override
    public void close() throws IndexException {
        try {
            searchers.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw failure("close", e);
        }
    }

    private static void closeQuietly(Directory directory) {
        if (directory != null) {
            try {
                directory.close();
            } catch (IOException e) {
                // already failing: the caller reports the first error
            }
        }
    }
}
