package com.oauthconfig.console.web;

import com.oauthconfig.console.client.Answer;
import com.oauthconfig.console.client.Service;

/** A page-level failure rendered as an error page with its status: never a stack trace. */
public class ConsoleError extends RuntimeException {

    private final int status;
    private final String title;

    public ConsoleError(int status, String title, String message) {
        super(message, null, false, false);
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public static ConsoleError unavailable(Service service) {
        return new ConsoleError(503, "Service unavailable",
                "The " + service.displayName() + " did not answer. Try again in a moment.");
    }

    /** The error page for a service's answer the page cannot continue with (401, 403, 404, 5xx...). */
    public static ConsoleError of(Answer answer) {
        return switch (answer.status()) {
            case 401 -> new ConsoleError(401, "Sign in again", "Your sign-in is no longer accepted. Sign out and sign in again.");
            case 403 -> new ConsoleError(403, "Not allowed", "Your role does not allow this page. Ask an admin of your organisation.");
            case 404 -> notFound();
            case 429 -> new ConsoleError(429, "Too many requests", "Slow down and try again in a minute.");
            default -> answer.status() >= 500
                    ? new ConsoleError(503, "Service unavailable", "A service could not complete the request. Try again in a moment.")
                    : new ConsoleError(answer.status(), "Request refused", answer.problemText());
        };
    }

    public static ConsoleError notFound() {
        return new ConsoleError(404, "Not found", "There is nothing here, or it belongs to another organisation.");
    }
}
