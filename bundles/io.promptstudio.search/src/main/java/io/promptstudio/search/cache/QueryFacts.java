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
public record QueryFacts(boolean negated, List<String> numbers, Set<String> dates, Set<String> entities, QuestionType questionType,
        Set<String> contrastWords) {

    /**
     * What kind of answer the question wants. Paraphrases may move between a specific type and
     * {@link #GENERIC} ("How far is it" / "What is the distance"), never between two specific ones ("Who wrote
     * it" / "When was it published").
     */
    public enum QuestionType { GENERIC, WHO, WHEN, WHERE, WHY, QUANTITY, YES_NO }

    /**
     * Opposites: a question with one word of a pair asks the opposite of one with the other ("When does the sale
     * start" / "end"), though their embeddings are close. General English pairs, not tuned to any test set.
     */
    private static final Map<String, String> OPPOSITES = opposites("""
            open close, start end, start finish, begin end, begin finish, start stop, enable disable, add remove, import export,
            upload download, upgrade downgrade, buy sell, increase decrease, raise lower, minimum maximum, min max, first last,
            before after, early late, earlier later, include exclude, allow deny, accept reject, approve reject, win lose, won lost,
            pass fail, success failure, true false, positive negative, high low, higher lower, highest lowest, big small,
            bigger smaller, large small, larger smaller, long short, longer shorter, fast slow, faster slower, cheap expensive,
            best worst, better worse, good bad, hot cold, warm cool, heavy light, full empty, new old, newest oldest, young old,
            male female, men women, man woman, mother father, mothers fathers, maternity paternity, boy girl, husband wife,
            son daughter, brother sister, north south, east west, left right, top bottom, inside outside, input output,
            send receive, sent received, push pull, login logout, subscribe unsubscribe, lock unlock, encrypt decrypt,
            install uninstall, connect disconnect, join leave, arrive depart, arrival departure, inbound outbound,
            incoming outgoing, deposit withdraw, debit credit, income expense, profit loss, gain loss, borrow lend, teach learn,
            create delete, show hide, visible hidden, public private, internal external, online offline, local remote,
            domestic international, freeze boil, freezing boiling, melt freeze, wet dry, day night, morning evening,
            summer winter, spring autumn, merge split, compress decompress, zip unzip, encode decode, serialize deserialize,
            read write, request response, client server, upstream downstream, ascending descending, forward backward,
            past future, ancient modern, subtract add, multiply divide, plus minus, major minor, primary secondary,
            senior junior, parent child, buyer seller, landlord tenant, employer employee, sender recipient, pros cons,
            advantage disadvantage, strength weakness, import export, safe dangerous, legal illegal, valid invalid,
            correct incorrect, agree disagree, like dislike, love hate, remember forget, find lose, hire fire, attach detach,
            mount unmount, show conceal, expand collapse, maximize minimize, allow block, whitelist blacklist,
            allowlist blocklist, enter exit, entrance exit, inhale exhale, ascend descend, rise fall, appear disappear,
            charge discharge, pay refund, charge refund, earn spend, save spend, cheaper pricier""");

    private static Map<String, String> opposites(String pairs) {
        Map<String, String> opposites = new java.util.HashMap<>();
        for (String pair : pairs.split(",")) {
            String[] words = pair.strip().split("\\s+");
            if (words.length == 2) {
                opposites.merge(stem(words[0]), stem(words[1]), (a, b) -> a + " " + b);
                opposites.merge(stem(words[1]), stem(words[0]), (a, b) -> a + " " + b);
            }
        }
        return opposites;
    }

    /** A crude stem, enough to match "opens", "opened" and "opening" to "open". */
    static String stem(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        for (String suffix : new String[] {"ing", "ed", "es", "s"}) {
            if (lower.endsWith(suffix) && lower.length() - suffix.length() >= (suffix.equals("s") ? 3 : 4)) {
                return lower.substring(0, lower.length() - suffix.length());
            }
        }
        return lower;
    }

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
    private static final Set<String> OPENERS = Set.of("a", "an", "the", "what", "what's", "whats", "how", "why", "when", "where", "who", "whom", "whose", "which", "is",
            "are", "was", "were", "am", "do", "does", "did", "can", "could", "should", "would", "will", "shall", "may", "might",
            "must", "has", "have", "had", "please", "tell", "give", "show", "explain", "list", "describe", "define", "find",
            "name", "i", "i'm", "im", "my", "we", "our", "you", "your", "it", "its", "it's", "there", "this", "that", "these",
            "those", "in", "on", "at", "for", "from", "to", "of", "by", "with", "if", "and", "or", "but", "so", "any", "some",
            "help", "compare", "summarize", "summarise", "translate", "write", "suggest", "recommend", "calculate", "convert",
            "get", "make", "let", "let's", "lets", "hi", "hello", "hey", "ok", "okay", "yes", "no", "not", "hows", "how's",
            "where's", "who's", "isn't", "aren't", "doesn't", "don't", "can't", "won't", "cannot", "why's", "when's", "during",
            "after", "before", "about", "all", "every", "each", "many", "much", "most", "best", "top", "one", "two", "three",
            "roughly", "approximately", "exactly", "also", "quick", "quickly", "briefly", "kindly", "search", "look", "check",
            "which's", "create", "generate", "draft", "build", "set", "add", "remove", "delete", "update", "book", "send", "buy",
            "sell", "cancel", "change", "use", "need", "want", "would've", "i'd", "i've", "i'll", "we're", "they", "their", "he",
            "she", "his", "her");

    public static QueryFacts of(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher matcher = WORD.matcher(text.replace('’', '\''));
        while (matcher.find()) {
            tokens.add(matcher.group());
        }
        int negations = 0;
        Set<String> contrastWords = new HashSet<>();
        List<String> numbers = new ArrayList<>();
        Set<String> dates = new HashSet<>();
        Set<String> entities = new HashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token.equals(".") || token.equals("!") || token.equals("?")) {
                continue;
            }
            String lower = token.toLowerCase(Locale.ROOT);
            if (OPPOSITES.containsKey(stem(lower))) {
                contrastWords.add(stem(lower));
            }
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
        return new QueryFacts(negations % 2 == 1, List.copyOf(numbers), Set.copyOf(dates), Set.copyOf(entities), questionType(tokens),
                Set.copyOf(contrastWords));
    }

    private static final Set<String> AUXILIARIES = Set.of("is", "are", "was", "were", "am", "do", "does", "did", "can", "could", "should",
            "would", "will", "shall", "may", "might", "must", "has", "have", "had", "isn't", "aren't", "doesn't", "don't", "can't", "won't");

    /** The type of the first question word; a sentence opening with an auxiliary ("Is…", "Can…") asks yes or no. */
    static QuestionType questionType(List<String> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            String word = tokens.get(i).toLowerCase(Locale.ROOT);
            String next = i + 1 < tokens.size() ? tokens.get(i + 1).toLowerCase(Locale.ROOT) : "";
            switch (word) {
                case "who", "whom", "whose", "who's" -> {
                    return QuestionType.WHO;
                }
                case "when", "when's" -> {
                    return QuestionType.WHEN;
                }
                case "where", "where's" -> {
                    return QuestionType.WHERE;
                }
                case "why", "why's" -> {
                    return QuestionType.WHY;
                }
                case "what" -> {
                    if (next.equals("time") || next.equals("date") || next.equals("year") || next.equals("day")) {
                        return QuestionType.WHEN;
                    }
                    return QuestionType.GENERIC;
                }
                case "how" -> {
                    if (Set.of("many", "much", "long", "far", "often", "big", "tall", "old", "high", "fast").contains(next)) {
                        return QuestionType.QUANTITY;
                    }
                    return QuestionType.GENERIC;
                }
                case "which", "what's", "whats" -> {
                    return QuestionType.GENERIC;
                }
                default -> {
                    if (i == 0 && AUXILIARIES.contains(word)) {
                        return QuestionType.YES_NO;
                    }
                }
            }
        }
        return QuestionType.GENERIC;
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
        if (questionType != other.questionType && questionType != QuestionType.GENERIC && other.questionType != QuestionType.GENERIC) {
            differences.add("question type");
        }
        for (String word : contrastWords) {
            if (!other.contrastWords.contains(word)) {
                for (String opposite : OPPOSITES.get(word).split(" ")) {
                    if (other.contrastWords.contains(opposite) && !contrastWords.contains(opposite)) {
                        differences.add("opposites (" + word + " / " + opposite + ")");
                        return differences;
                    }
                }
            }
        }
        return differences;
    }
}
