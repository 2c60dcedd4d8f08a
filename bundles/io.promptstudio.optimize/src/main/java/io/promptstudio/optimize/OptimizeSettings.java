package io.promptstudio.optimize;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * How an optimization runs.
 *
 * @param method the search
 * @param generations OPRO's steps, or the evolutionary methods' generations, or few-shot's rounds of trials
 * @param population the candidates each step proposes (OPRO, few-shot) or the population's size (GA, DE, PromptBreeder)
 * @param batch how many training rows score each candidate (the same rows for all, so that scores compare)
 * @param validateTop how many of each step's best candidates (on the batch) are then scored on the validation split
 * @param trainShare the share of rows for training; {@code validationShare} for validation; the rest is the test split
 * @param seed the seed of every random choice: with the same model answers, the same run
 * @param demos how many demonstrations a few-shot candidate shows
 * @param selection how the genetic algorithm picks parents
 * @param metaProfile the profile the optimizer's own model calls use (null: the prompt's own)
 * @param maxCalls stop starting work once this many runs were made (null: no limit)
 * @param maxTokens the same in tokens, input and output together
 * @param maxDollars the same in dollars
 */
public record OptimizeSettings(Method method, int generations, int population, int batch, int validateTop, double trainShare,
        double validationShare, long seed, int demos, Selection selection, String metaProfile, Long maxCalls, Long maxTokens,
        BigDecimal maxDollars) {

    public enum Method {
        OPRO, GA, DE, BREEDER, FEWSHOT;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The method named as on the command line ({@code opro}, {@code ga}, {@code de}, {@code breeder}, {@code fewshot}). */
        public static Method of(String id) {
            for (Method method : values()) {
                if (method.id().equals(id.toLowerCase(Locale.ROOT))) {
                    return method;
                }
            }
            throw new IllegalArgumentException("no optimization method '" + id + "' (methods: opro, ga, de, breeder, fewshot)");
        }
    }

    public enum Selection {
        ROULETTE, TOURNAMENT
    }

    public OptimizeSettings {
        if (generations < 1 || generations > 1000) {
            throw new IllegalArgumentException("the generations are between 1 and 1000, not " + generations);
        }
        if (population < 2 || population > 200) {
            throw new IllegalArgumentException("the population is between 2 and 200, not " + population);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("the batch is at least 1 row, not " + batch);
        }
        if (validateTop < 1) {
            throw new IllegalArgumentException("at least 1 candidate a step is validated, not " + validateTop);
        }
        if (trainShare <= 0 || validationShare <= 0 || trainShare + validationShare >= 1) {
            throw new IllegalArgumentException("the train and validation shares are above 0 and leave a test split, not " + trainShare + " and "
                    + validationShare);
        }
        if (demos < 1 || demos > 16) {
            throw new IllegalArgumentException("a few-shot candidate shows between 1 and 16 demonstrations, not " + demos);
        }
    }

    /** The defaults for a method: small enough to run in minutes on a local model. */
    public static OptimizeSettings defaults(Method method) {
        return new OptimizeSettings(method, 4, 4, 12, 2, 0.6, 0.2, 1, 3, Selection.ROULETTE, null, null, null, null);
    }

    public OptimizeSettings withShape(int newGenerations, int newPopulation, int newBatch) {
        return new OptimizeSettings(method, newGenerations, newPopulation, newBatch, validateTop, trainShare, validationShare, seed, demos, selection,
                metaProfile, maxCalls, maxTokens, maxDollars);
    }

    public OptimizeSettings withSeed(long newSeed) {
        return new OptimizeSettings(method, generations, population, batch, validateTop, trainShare, validationShare, newSeed, demos, selection,
                metaProfile, maxCalls, maxTokens, maxDollars);
    }

    public OptimizeSettings withSplit(double train, double validation) {
        return new OptimizeSettings(method, generations, population, batch, validateTop, train, validation, seed, demos, selection, metaProfile,
                maxCalls, maxTokens, maxDollars);
    }

    public OptimizeSettings withBudget(Long calls, Long tokens, BigDecimal dollars) {
        return new OptimizeSettings(method, generations, population, batch, validateTop, trainShare, validationShare, seed, demos, selection,
                metaProfile, calls, tokens, dollars);
    }

    public OptimizeSettings withMetaProfile(String profile) {
        return new OptimizeSettings(method, generations, population, batch, validateTop, trainShare, validationShare, seed, demos, selection, profile,
                maxCalls, maxTokens, maxDollars);
    }

    public OptimizeSettings withDemos(int count) {
        return new OptimizeSettings(method, generations, population, batch, validateTop, trainShare, validationShare, seed, count, selection,
                metaProfile, maxCalls, maxTokens, maxDollars);
    }

    public OptimizeSettings withSelection(Selection chosen) {
        return new OptimizeSettings(method, generations, population, batch, validateTop, trainShare, validationShare, seed, demos, chosen,
                metaProfile, maxCalls, maxTokens, maxDollars);
    }
}
