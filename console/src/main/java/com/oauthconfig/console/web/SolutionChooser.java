package com.oauthconfig.console.web;

import io.quarkus.qute.Template;
import jakarta.enterprise.context.RequestScoped;

/** "Which solution?": the form that leads to a solution's page (credentials, or the members' sign-in page). */
@RequestScoped
public class SolutionChooser {

    private final Template solutions;
    private final Caller caller;

    SolutionChooser(Template solutions, Caller caller) {
        this.solutions = solutions;
        this.caller = caller;
    }

    /** With a solution id, its page {@code /solutions/<id>/<page>}; without, the form titled {@code heading} posting to {@code action}. */
    public Object choose(String solutionId, String heading, String action, String page) {
        if (solutionId != null && !solutionId.isBlank()) {
            return Pages.seeOther("/solutions/" + Pages.segment(solutionId.trim()) + "/" + page);
        }
        return solutions.data("caller", caller).data("title", heading).data("action", action).data("heading", heading);
    }
}
