package io.promptstudio.search.cache;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What sentence embeddings blur and a cached answer depends on: whether the question is negated, the numbers it
 * names, its dates and its named entities. "Is aspirin safe in pregnancy" and "Is aspirin not safe in pregnancy"
 * embed at 0.95 cosine; their facts differ, so the cache must not answer one with the other (the failure behind
 * GPTCache #694 and semantic-router #2691).
 *
 * @param negated  an odd number of negations (two cancel: "not impossible")
 * @param numbers  the numbers, normalised ({@code "3"}, {@code "3.5"}, {@code "1000"}; words such as "three" too)
 * @param dates    months, weekdays, years and relative days ("tomorrow", "next week")
 * @param entities names: capitalised words other than common openers (What, Please, The…), acronyms, words mixing
 *                 letters and digits. Names written in lower case are not seen: then only the similarity threshold
 *                 keeps "capital of france" from answering "capital of spain" (measured by the cache benchmark)
 */
public record QueryFacts(boolean negated, List<String> numbers, Set<String> dates, Set<String> entities) {

    private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}\\p{N}'’.-]*[\\p{L}\\p{N}]|[\\p{L}]|\\d+(?:[.,]\\d+)*%?|[.!?]");
    private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "none", "nobody", "nothing", "nowhere", "neither", "nor",
            "without", "cannot", "can't", "won't", "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "shouldn't",
            "wouldn't", "couldn't", "mustn't", "hasn't", "haven't", "hadn't", "ain't", "needn't", "unable", "exclude", "excluding", "except");
    private static final Map<String, String> NUMBER_WORDS = numberWords();
    private static final Set<String> MONTHS = Set.of("january", "february", "march", "april", "may", "june", "july", "august", "september",
            "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec");
    private static final Set<String> DAYS = Set.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
            "tomorrow", "yesterday", "tonight", "weekend");
    private static final Set<String> RELATIVE = Set.of("next", "last", "this", "previous", "coming");
    private static final Set<String> PERIODS = Set.of("week", "month", "year", "quarter", "decade", "century");
    /** Words that open questions and requests: capitalised only because they come first. */
    private static final Set<String> OPENERS = Set.copyOf(List.of("a", "an", "the", "what", "what's", "whats", "how", "why", "when", "where", "who",
            "whom", "whose", "which", "is", "are", "was", "were", "am", "do", "does", "did", "can", "could", "should", "would", "will",
            "shall", "may", "might", "must", "has", "have", "had", "please", "tell", "give", "show", "explain", "list", "describe",
            "define", "find", "name", "i", "i'm", "im", "my", "we", "our", "you", "your", "it", "its", "it's", "there", "this", "that",
            "these", "those", "in", "on", "at", "for", "from", "to", "of", "by", "with", "if", "and", "or", "but", "so", "any", "some",
            "help", "compare", "summarize", "summarise", "translate", "write", "suggest", "recommend", "calculate", "convert", "get",
            "make", "let", "let's", "lets", "hi", "hello", "hey", "ok", "okay", "yes", "no", "not", "hows", "how's", "where's", "who's",
            "whats", "isn't", "aren't", "doesn't", "don't", "can't", "won't", "cannot", "why's", "when's", "during", "after", "before",
            "about", "all", "every", "each", "many", "much", "most", "best", "top", "one", "two", "three", "should", "could", "roughly",
            "approximately", "exactly", "also", "quick", "quickly", "briefly", "kindly", "search", "look", "check", "which's", "create",
            "generate", "draft", "build", "set", "add", "remove", "delete", "update", "book", "send", "buy", "sell", "cancel", "change",
            "use", "need", "want", "would've", "im", "i'd", "i've", "i'll", "we're", "they", "their", "he", "she", "his", "her"));

    public static QueryFacts of(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher matcher = WORD.matcher(text.replace('’', '\''));
        while (matcher.find()) {
            tokens.add(matcher.group());
        }
        int negations = 0;
        List<String> numbers = new ArrayList<>();
        Set<String> dates = new HashSet<>();
        Set<String> entities = new HashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token.equals(".") || token.equals("!") || token.equals("?")) {
                continue;
            }
            String lower = token.toLowerCase(Locale.ROOT);
            if (NEGATIONS.contains(lower) || lower.endsWith("n't")) {
                negations++;
            }
            if (Character.isDigit(token.charAt(0))) {
                numbers.add(normaliseNumber(token));
                if (token.length() == 4 && (token.startsWith("19") || token.startsWith("20"))) {
                    dates.add(token);
                }
            } else if (NUMBER_WORDS.containsKey(lower)) {
                numbers.add(NUMBER_WORDS.get(lower));
            } else if (MONTHS.contains(lower) && (Character.isUpperCase(token.charAt(0)) || lower.length() > 3)
                    && !(lower.equals("may") && !Character.isUpperCase(token.charAt(0)))) {
                dates.add(lower.substring(0, 3));
            } else if (DAYS.contains(lower)) {
                dates.add(lower);
            } else if (RELATIVE.contains(lower) && i + 1 < tokens.size() && PERIODS.contains(tokens.get(i + 1).toLowerCase(Locale.ROOT))) {
                dates.add(lower + " " + tokens.get(i + 1).toLowerCase(Locale.ROOT));
            } else if (isEntity(token, lower)) {
                entities.add(lower);
            }
        }
        numbers.sort(null);
        return new QueryFacts(negations % 2 == 1, List.copyOf(numbers), Set.copyOf(dates), Set.copyOf(entities));
    }

    /** A name: it mixes letters and digits, is an acronym, has an inner capital, or is capitalised and not a common opener. */
    private static boolean isEntity(String token, String lower) {
        boolean mixed = token.chars().anyMatch(Character::isDigit) && token.chars().anyMatch(Character::isLetter);
        boolean acronym = token.length() >= 2 && token.chars().filter(Character::isLetter).allMatch(Character::isUpperCase);
        boolean capitalised = Character.isUpperCase(token.charAt(0));
        if (mixed || (acronym && !lower.equals("i"))) {
            return true;
        }
        // an inner capital (iPhone, McDonald) marks a name wherever it stands
        boolean innerCapital = token.chars().skip(1).anyMatch(Character::isUpperCase);
        if (innerCapital) {
            return true;
        }
        return capitalised && !OPENERS.contains(lower);
    }

    private static String normaliseNumber(String token) {
        String digits = token.endsWith("%") ? token.substring(0, token.length() - 1) : token;
        // 1,000 and 1000 are one number; 3,5 (a decimal comma) stays apart from 35
        if (digits.matches("\\d{1,3}(,\\d{3})+(\\.\\d+)?")) {
            digits = digits.replace(",", "");
        }
        digits = digits.replace(',', '.');
        try {
            return new java.math.BigDecimal(digits).stripTrailingZeros().toPlainString() + (token.endsWith("%") ? "%" : "");
        } catch (NumberFormatException e) {
            return token;
        }
    }

    private static Map<String, String> numberWords() {
        Map<String, String> words = new TreeMap<>();
        String[] units = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
            "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"};
        for (int i = 0; i < units.length; i++) {
            words.put(units[i], Integer.toString(i));
        }
        String[] ordinals = {"", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"};
        for (int i = 1; i < ordinals.length; i++) {
            words.put(ordinals[i], "#" + i);
        }
        words.put("thirty", "30");
        words.put("forty", "40");
        words.put("fifty", "50");
        words.put("hundred", "100");
        words.put("thousand", "1000");
        words.put("million", "1000000");
        words.put("billion", "1000000000");
        words.put("dozen", "12");
        words.put("half", "0.5");
        words.put("twice", "2");
        words.put("double", "2");
        words.put("once", "1");
        return words;
    }

    /** The facts on which the two questions differ, empty when a cached answer to one may answer the other. */
    public List<String> differences(QueryFacts other) {
        List<String> differences = new ArrayList<>();
        if (negated != other.negated) {
            differences.add("negation");
        }
        if (!numbers.equals(other.numbers)) {
            differences.add("numbers");
        }
        if (!dates.equals(other.dates)) {
            differences.add("dates");
        }
        if (!entities.equals(other.entities)) {
            differences.add("entities");
        }
        return differences;
    }
}
