package com.oauthconfig.console;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A browser without a browser: follows the console's code flow through the dev provider's login
 * form by hand (no automatic redirects, so each step's answer can be checked) and keeps the cookies.
 */
final class SignedInClient {

    final CookieManager cookies = new CookieManager();
    final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String console;

    SignedInClient(String console) {
        this.console = console.endsWith("/") ? console.substring(0, console.length() - 1) : console;
    }

    /** The provider's authorization URL the console sends an anonymous browser to. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : console + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postForm(String path, String form) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(console + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Signs in as {@code user} with the given claims JSON; answers the console page the flow ends on. */
    HttpResponse<String> signIn(String user, String claims) throws IOException, InterruptedException {
        HttpResponse<String> toProvider = get("/");
        String authorize = toProvider.headers().firstValue("Location").orElseThrow();
        String form = "username=" + enc(user) + "&claims=" + enc(claims);
        HttpResponse<String> back = http.send(HttpRequest.newBuilder(URI.create(authorize))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        String callback = back.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> restored = get(callback);
        return get(restored.headers().firstValue("Location").orElseThrow());
    }

    List<HttpCookie> cookies() {
        return cookies.getCookieStore().getCookies();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
