package io.promptstudio.sync.api;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request as the API sees it, without the network library's types.
 *
 * @param remoteAddress the client's IP address as text (a reverse proxy's, behind one)
 */
public record ApiRequest(String method, String path, Map<String, List<String>> query, String authorization,
        String contentType, byte[] body, String requestId, String remoteAddress) {

    public String queryParameter(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
