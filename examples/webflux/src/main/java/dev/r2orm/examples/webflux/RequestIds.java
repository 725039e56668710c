package dev.r2orm.examples.webflux;

import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives each request an id, from its {@code X-Request-Id} header when that is a plain token, else a new one; sends it
 * back in the response's header and puts it in the request's Reactor context under {@link #KEY}, where r2orm's log
 * lines ({@link BankConfiguration}) and hooks ({@link Event}) find it.
 */
@Component
public class RequestIds implements WebFilter {

    /** The header and the context key. */
    public static final String KEY = "X-Request-Id";

    /** A token that cannot forge a log line: letters, digits, dots, dashes and underscores, at most 64. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Created by Spring. */
    public RequestIds() {
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String given = exchange.getRequest().getHeaders().getFirst(KEY);
        String id = given != null && TOKEN.matcher(given).matches() ? given : UUID.randomUUID().toString();
        exchange.getResponse().getHeaders().set(KEY, id);
        return chain.filter(exchange).contextWrite(ctx -> ctx.put(KEY, id));
    }
}
