package io.promptstudio.runtime.provider;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.jdk.JdkHttpClientBuilder;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How provider calls are retried: on 429 and 5xx answers (and nothing else), waiting as long as the provider's
 * {@code Retry-After} says (seconds or an HTTP date, at most a minute), else an exponential backoff with jitter
 * from half a second. It is the HTTP client the LangChain4j adapters use, so every provider gets the same rule;
 * LangChain4j's own retries are switched off.
 */
public final class Retry {

    /** How a wait is spent: {@link Thread#sleep} in use; tests record the waits instead. */
    public interface Sleeper {
        void sleep(Duration wait) throws InterruptedException;
    }

    private static final Duration MAX_WAIT = Duration.ofMinutes(1);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

    private final Sleeper sleeper;

    public Retry(Sleeper sleeper) {
        this.sleeper = sleeper;
    }

    /** Waits for real. */
    public static Retry standard() {
        return new Retry(wait -> Thread.sleep(wait.toMillis()));
    }

    /** The HTTP client builder to give an adapter: at most {@code retries} retries. */
    public HttpClientBuilder clientBuilder(int retries) {
        return new Builder(retries);
    }

    /**
     * The HTTP client builder for streaming adapters, given explicitly: LangChain4j would otherwise look one up with
     * the service loader, which finds nothing under OSGi. Streams are retried before their first piece by
     * {@link LangChainCalls}, not here.
     */
    public static HttpClientBuilder streamingClientBuilder() {
        return new JdkHttpClientBuilder();
    }

    /** Waits before retry {@code attempt} when the provider said nothing about when to come back. */
    void pause(int attempt) throws InterruptedException {
        sleeper.sleep(waitBefore(attempt, List.of()));
    }

    /** The wait before retry {@code attempt} (0 for the first retry). */
    static Duration waitBefore(int attempt, List<String> retryAfter) {
        if (retryAfter != null && !retryAfter.isEmpty()) {
            String value = retryAfter.get(0).strip();
            try {
                return min(Duration.ofMillis((long) (Double.parseDouble(value) * 1000)));
            } catch (NumberFormatException notSeconds) {
                try {
                    Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
                    return until.isNegative() ? Duration.ZERO : min(until);
                } catch (DateTimeParseException notADate) {
                    // an unreadable header: fall back to the backoff
                }
            }
        }
        long base = FIRST_BACKOFF.toMillis() << Math.min(attempt, 6);
        return min(Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 4 + 1)));
    }

    private static Duration min(Duration wait) {
        return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }

    private final class Builder implements HttpClientBuilder {
        private final int retries;
        private Duration connectTimeout;
        private Duration readTimeout;

        Builder(int retries) {
            this.retries = retries;
        }

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public HttpClientBuilder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public HttpClientBuilder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        @Override
        public HttpClient build() {
            java.net.http.HttpClient shared = shared(connectTimeout);
            HttpClient streaming = new JdkHttpClientBuilder().httpClientBuilder(new SharedClient(shared)).connectTimeout(connectTimeout)
                    .readTimeout(readTimeout).build();
            return new RetryingClient(shared, streaming, retries, readTimeout);
        }
    }

    /**
     * One JDK client per connect timeout for the whole process. A JDK client is made for reuse: it keeps connections
     * alive and owns a selector thread, so a client per call (what the adapters would build) costs a new TCP
     * connection and a thread each time; read timeouts are set per request, so sharing changes nothing else.
     */
    private static final java.util.Map<Duration, java.net.http.HttpClient> CLIENTS = new java.util.concurrent.ConcurrentHashMap<>();

    private static java.net.http.HttpClient shared(Duration connectTimeout) {
        Duration key = connectTimeout == null ? Duration.ZERO : connectTimeout;
        return CLIENTS.computeIfAbsent(key, timeout -> {
            java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder();
            if (!timeout.isZero()) {
                jdk.connectTimeout(timeout);
            }
            return jdk.build();
        });
    }

    /** Hands LangChain4j's streaming client the shared JDK client whatever it sets (only the connect timeout, which it has). */
    private static final class SharedClient implements java.net.http.HttpClient.Builder {
        private final java.net.http.HttpClient client;

        SharedClient(java.net.http.HttpClient client) {
            this.client = client;
        }

        @Override
        public java.net.http.HttpClient.Builder cookieHandler(java.net.CookieHandler handler) {
            return this;
        }

        @Override
        public java.net.http.HttpClient.Builder connectTimeout(Duration duration) {
            return this;
        }

        @Override
        public java.net.http.HttpClient.Builder sslContext(javax.net.ssl.SSLContext context) {
            return this;
        }

        @Override
        public java.net.http.HttpClient.Builder sslParameters(javax.net.ssl.SSLParameters parameters) {
            return this;
        }

        @Override
        public java.net.http.HttpClient.Builder executor(java.util.concurrent.Executor executor) {
            return this;
        }

        @Override
        public java.net.http.HttpClient.Builder followRedirects(java.net.http.HttpClient.Redirect policy) {
            return this;
        }

        @Override
        public java.net.http.HttpClient.Builder version(java.net.http.HttpClient.Version version) {
            return this;
        }

        @Override
        public java.net.http.HttpClient.Builder priority(int priority) {
            return this;
        }

        @Override
        public java.net.http.HttpClient.Builder proxy(java.net.ProxySelector selector) {
            return this;
        }

        @Override
        public java.net.http.HttpClient.Builder authenticator(java.net.Authenticator authenticator) {
            return this;
        }

        @Override
        public java.net.http.HttpClient build() {
            return client;
        }
    }

    private final class RetryingClient implements HttpClient {
        private final java.net.http.HttpClient client;
        private final HttpClient streaming;
        private final int retries;
        private final Duration readTimeout;

        RetryingClient(java.net.http.HttpClient client, HttpClient streaming, int retries, Duration readTimeout) {
            this.client = client;
            this.streaming = streaming;
            this.retries = retries;
            this.readTimeout = readTimeout;
        }

        @Override
        public SuccessfulHttpResponse execute(HttpRequest request) {
            java.net.http.HttpRequest.Builder jdk = java.net.http.HttpRequest.newBuilder(URI.create(request.url()))
                    .method(request.method().name(), request.body() == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                            : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
            if (readTimeout != null) {
                jdk.timeout(readTimeout);
            }
            request.headers().forEach((name, values) -> values.forEach(value -> jdk.header(name, value)));
            java.net.http.HttpRequest built = jdk.build();
            for (int attempt = 0;; attempt++) {
                HttpResponse<String> response;
                try {
                    response = client.send(built, HttpResponse.BodyHandlers.ofString());
                } catch (java.net.http.HttpTimeoutException e) {
                    throw new RuntimeException(new java.util.concurrent.TimeoutException("no answer within " + readTimeout));
                } catch (IOException e) {
                    throw new RuntimeException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RuntimeException("the call was cancelled", e);
                }
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return SuccessfulHttpResponse.builder().statusCode(status).headers(response.headers().map()).body(response.body()).build();
                }
                boolean retriable = status == 429 || status >= 500;
                if (!retriable || attempt >= retries) {
                    throw new HttpException(status, response.body());
                }
                try {
                    sleeper.sleep(waitBefore(attempt, response.headers().allValues("Retry-After")));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RuntimeException("the call was cancelled while waiting to retry", e);
                }
            }
        }

        @Override
        public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
            streaming.execute(request, parser, listener);
        }
    }
}
