package io.promptstudio.search.retrieve;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Retrieved chunks as the values of a prompt's parameter of a record type (such as {@code Passage}): each record
 * gets the fields it declares among {@link #FIELDS}. What {@code run --retrieve} and the Playground's Retrieve
 * button fill a {@code Passage[]} parameter with.
 */
public final class Passages {

    private static final Map<String, Function<RetrievedChunk, Object>> PROVIDED = provided();

    /** The fields retrieval can fill: {@code score} is the relevance. */
    public static final Set<String> FIELDS = PROVIDED.keySet();

    private Passages() {
    }

    private static Map<String, Function<RetrievedChunk, Object>> provided() {
        Map<String, Function<RetrievedChunk, Object>> fields = new LinkedHashMap<>();
        fields.put("id", RetrievedChunk::id);
        fields.put("title", RetrievedChunk::title);
        fields.put("text", RetrievedChunk::text);
        fields.put("source", RetrievedChunk::source);
        fields.put("location", RetrievedChunk::location);
        fields.put("score", chunk -> rounded(chunk.relevance()));
        fields.put("relevance", chunk -> rounded(chunk.relevance()));
        fields.put("trust", chunk -> rounded(chunk.trust()));
        if (!List.copyOf(fields.keySet()).equals(io.promptstudio.dsl.types.PassageFields.NAMES)) {
            throw new IllegalStateException("the passage fields the checker accepts differ from those retrieval fills: " + fields.keySet());
        }
        return java.util.Collections.unmodifiableMap(fields);
    }

    private static BigDecimal rounded(double value) {
        return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP);
    }

    /** The record's required fields that retrieval cannot give (empty: retrieval can fill it). */
    public static List<String> unfillable(Collection<String> requiredFields) {
        return requiredFields.stream().filter(field -> !PROVIDED.containsKey(field)).toList();
    }

    /** One record per chunk, with those of {@code fields} that retrieval gives. */
    public static List<Map<String, Object>> records(List<RetrievedChunk> chunks, Collection<String> fields) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (RetrievedChunk chunk : chunks) {
            Map<String, Object> record = new LinkedHashMap<>();
            for (String field : fields) {
                Function<RetrievedChunk, Object> value = PROVIDED.get(field);
                if (value != null) {
                    record.put(field, value.apply(chunk));
                }
            }
            records.add(record);
        }
        return records;
    }
}
