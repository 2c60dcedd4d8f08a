package io.promptstudio.runtime.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What tokens cost, per model, in US dollars per million tokens (input, output, cached input). The table ships
 * with PromptStudio and a file of the same form can replace entries without a rebuild. A model that is not in
 * it has an unknown cost — never zero.
 */
public final class PriceTable {

    /** Prices of one model. */
    public record Price(BigDecimal input, BigDecimal output, BigDecimal cachedInput) {
    }

    private final Map<String, Price> prices;

    private PriceTable(Map<String, Price> prices) {
        this.prices = prices;
    }

    /** The shipped table, with the entries of {@code overrides} (when the file exists) on top. */
    public static PriceTable load(Path overrides) throws IOException {
        Map<String, Price> prices = new HashMap<>();
        try (InputStream shipped = PriceTable.class.getResourceAsStream("prices.json")) {
            read(new ObjectMapper().readTree(shipped), prices, "the shipped price table");
        }
        if (overrides != null && Files.isRegularFile(overrides)) {
            JsonNode json;
            try {
                json = new ObjectMapper().readTree(overrides.toFile());
            } catch (IOException e) {
                throw new IOException("price table " + overrides + " is not valid JSON: " + e.getMessage(), e);
            }
            read(json, prices, overrides.toString());
        }
        return new PriceTable(prices);
    }

    private static void read(JsonNode json, Map<String, Price> prices, String source) throws IOException {
        JsonNode models = json.path("models");
        if (!models.isObject()) {
            throw new IOException(source + ": expected {\"models\": {\"model-id\": {\"input\": …, \"output\": …}}}");
        }
        var fields = models.fields();
        while (fields.hasNext()) {
            var entry = fields.next();
            JsonNode price = entry.getValue();
            if (!price.path("input").isNumber() || !price.path("output").isNumber()) {
                throw new IOException(source + ": model " + entry.getKey() + " needs numeric 'input' and 'output' prices");
            }
            prices.put(entry.getKey(), new Price(price.get("input").decimalValue(), price.get("output").decimalValue(),
                    price.path("cached_input").isNumber() ? price.get("cached_input").decimalValue() : price.get("input").decimalValue()));
        }
    }

    /** The cost of a call in dollars, or empty when the model or the token counts are unknown. */
    public Optional<BigDecimal> cost(String model, Integer inputTokens, Integer outputTokens, Integer cachedTokens) {
        Price price = model == null ? null : prices.get(model);
        if (price == null || inputTokens == null || outputTokens == null) {
            return Optional.empty();
        }
        int cached = cachedTokens == null ? 0 : Math.min(cachedTokens, inputTokens);
        BigDecimal total = price.input().multiply(BigDecimal.valueOf(inputTokens - cached))
                .add(price.cachedInput().multiply(BigDecimal.valueOf(cached)))
                .add(price.output().multiply(BigDecimal.valueOf(outputTokens)));
        return Optional.of(total.divide(BigDecimal.valueOf(1_000_000), MathContext.DECIMAL64));
    }

    /** Whether the table knows a model. */
    public boolean knows(String model) {
        return model != null && prices.containsKey(model);
    }
}
