package com.oauthconfig.localstack;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web console in a real browser (headless Chromium) against the real services of the local
 * stack: people sign in through the platform identity provider's login form, and every check is
 * what the page shows. Each scenario saves a screenshot under target/console-screenshots.
 */
class ConsoleBrowserIT {

    private static final String SECRET = "console-it-secret-" + UUID.randomUUID();

    private static LocalStack stack;
    private static Browser browser;
    private static String org;

    @BeforeAll
    static void start() {
        stack = Stack.get();
        org = "console-" + UUID.randomUUID().toString().substring(0, 8);
        // Platform support registers the organisation's domain, as on a real sign-up.
        given().baseUri(stack.url(LocalStack.CONFIG)).auth().oauth2(stack.oidc().staffSupportToken("support-agent"))
                .contentType(ContentType.JSON).body(Map.of("domains", List.of("acme-console.example")))
                .put("/api/orgs/{org}/domains", org).then().statusCode(200);
        browser = new Browser(stack.consoleUrl(), Path.of("target", "console-screenshots"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            try {
                // Whatever the scenarios did: no page or address carried a secret or a token, and nothing is in browser storage.
                for (String page : browser.seen()) {
                    assertFalse(page.contains(SECRET), "a page showed the client secret");
                    assertFalse(Browser.JWT.matcher(page).find(), "a page or URL carried a token");
                }
            } finally {
                browser.close();
            }
        }
    }

    @Test
    void anAdminAddsAConfigurationSeesTheFieldErrorNextToTheFieldFixesItAndSaves() {
        browser.signIn("alice", org, "ADMIN");
        browser.open("/oauth-configs");
        browser.click(By.id("add-oauth"));
        fillNewConfig("Acme CRM", "acme.crm.token", "http://crm.example.com/callback");
        browser.click(By.id("save"));

        WebElement error = browser.waitFor(By.id("redirectUrls-0-error"));
        assertTrue(error.getText().contains("https"), error.getText());
        assertEquals("true", browser.driver.findElement(By.id("redirectUrls-0")).getAttribute("aria-invalid"));
        assertEquals("Acme CRM", browser.driver.findElement(By.id("name")).getAttribute("value"), "what was typed is kept");
        browser.screenshot("add-oauth-field-error");

        browser.type(By.id("redirectUrls-0"), callbackUrl());
        browser.type(By.id("redirectUrls-1"), "com.example.acme:/callback");
        // "Add redirect URL" (the console's script, allowed by the Content-Security-Policy) adds a third row.
        browser.click(By.id("add-redirect"));
        browser.type(By.id("redirectUrls-2"), "https://app.acme-console.example/callback");
        browser.type(By.id("clientSecret"), SECRET);
        browser.click(By.id("save"));

        assertEquals("The OAuth configuration was added.", browser.text(By.cssSelector(".notice")));
        assertEquals("Acme CRM", browser.text(By.id("panel-heading")));
        assertEquals("set", browser.text(By.id("secret-state")), "the secret shows only as set");
        assertEquals("", browser.driver.findElement(By.id("clientSecret")).getAttribute("value"));
        assertEquals(List.of(callbackUrl(), "com.example.acme:/callback", "https://app.acme-console.example/callback"),
                given().baseUri(stack.url(LocalStack.CONFIG)).auth().oauth2(admin())
                        .get(browser.driver.getCurrentUrl().replaceAll(".*/oauth-configs/([^?]+).*", "/api/orgs/" + org + "/oauth-configs/$1"))
                        .then().statusCode(200).extract().path("redirectUrls"), "several redirect URLs, in order");
        browser.screenshot("side-panel");

        Cookie session = browser.driver.manage().getCookieNamed("q_session");
        assertTrue(session.isHttpOnly() && session.isSecure(), "the session cookie is HttpOnly and Secure");
        assertFalse(Browser.JWT.matcher(session.getValue()).find(), "the session cookie is encrypted, not a readable token");
        Object storage = browser.driver.executeScript("return window.localStorage.length + window.sessionStorage.length;");
        assertEquals(0L, storage, "nothing in browser storage");
    }

    @Test
    void anAdminEditsAConfigurationInTheSidePanel() {
        String id = createConfig(org, "Side Panel", "acme.panel.token");
        browser.signIn("alice", org, "ADMIN");
        browser.open("/oauth-configs");
        browser.click(By.linkText("Side Panel"));
        assertEquals("Side Panel", browser.text(By.id("panel-heading")));
        browser.type(By.id("name"), "Side Panel Renamed");
        browser.click(By.id("save"));

        assertEquals("Saved.", browser.text(By.cssSelector(".notice")));
        assertEquals("Side Panel Renamed", browser.text(By.id("panel-heading")));
        assertEquals("Side Panel Renamed", configName(id));
        assertFalse(browser.driver.findElements(By.linkText("Side Panel Renamed")).isEmpty(), "the list shows the new name");

        browser.click(By.id("check"));
        assertFalse(browser.text(By.id("check-result")).isBlank(), "the token-service's check answered");
        assertFalse(browser.driver.findElements(By.cssSelector(".findings li")).isEmpty(), "findings listed");
        browser.screenshot("check");

        browser.open("/oauth-configs/" + id + "/audit");
        String audit = browser.text(By.id("audit"));
        assertTrue(audit.contains("UPDATED") && audit.contains("CREATED") && audit.contains("Side Panel Renamed"), audit);

        browser.open("/oauth-configs");
        browser.click(By.linkText("Name"));
        assertEquals("ascending", browser.waitFor(By.cssSelector("th[aria-sort='ascending']")).getAttribute("aria-sort"));
        assertTrue(browser.driver.getCurrentUrl().contains("sort=name,asc"));

        browser.open("/domains");
        assertTrue(browser.text(By.id("domains")).contains("acme-console.example"), "the organisation's registered domains");
    }

    @Test
    void aConcurrentEditIsRefusedWithAClearMessageAndNothingIsOverwritten() {
        String id = createConfig(org, "Concurrent", "acme.concurrent.token");
        browser.signIn("alice", org, "ADMIN");
        browser.open("/oauth-configs/" + id);
        browser.type(By.id("name"), "Mine");
        // Someone else saves first.
        given().baseUri(stack.url(LocalStack.CONFIG)).auth().oauth2(admin()).contentType("application/merge-patch+json")
                .header("If-Match", "\"1\"").body(Map.of("name", "Theirs"))
                .patch("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(200);
        browser.click(By.id("save"));

        String message = browser.text(By.id("conflict"));
        assertTrue(message.contains("Someone else saved this configuration") && message.contains("not saved"), message);
        assertEquals("Theirs", configName(id), "their change is kept");
        browser.screenshot("concurrent-edit-refused");
    }

    @Test
    void showSchemaRoundTripsTheRawJsonAndTheServiceValidatesIt() {
        String id = createConfig(org, "Schema", "acme.schema.token");
        browser.signIn("alice", org, "ADMIN");
        browser.open("/oauth-configs/" + id);
        browser.click(By.id("show-schema"));
        WebElement json = browser.waitFor(By.id("schemaText"));
        String raw = json.getAttribute("value");
        assertTrue(raw.contains("\"title\" : \"acme.schema.token\""), raw);
        browser.screenshot("show-schema");

        // Invalid: the service's own validation answers, field by field.
        setValue(json, raw.replace("\"name\" : \"Schema\"", "\"name\" : \"\""));
        browser.click(By.id("save"));
        assertTrue(browser.text(By.id("schema-errors")).contains("name"), browser.text(By.id("schema-errors")));

        json = browser.waitFor(By.id("schemaText"));
        setValue(json, json.getAttribute("value").replace("\"name\" : \"\"", "\"name\" : \"Schema via JSON\""));
        browser.click(By.id("save"));
        assertEquals("Saved.", browser.text(By.cssSelector(".notice")));
        browser.click(By.id("show-form"));
        assertEquals("Schema via JSON", browser.waitFor(By.id("name")).getAttribute("value"));
        assertEquals("Schema via JSON", configName(id));
    }

    @Test
    void removeIsBlockedByAnAliasUntilForcedThenTheAliasShowsBrokenAndIsRepaired() {
        String id = createConfig(org, "Referenced", "acme.referenced.token");
        String spare = createConfig(org, "Spare", "acme.spare.token");
        String solution = "sol-" + UUID.randomUUID().toString().substring(0, 6);
        browser.signIn("alice", org, "ADMIN");
        browser.open("/solutions/" + solution + "/credentials");
        browser.type(By.id("name"), "crm");
        new Select(browser.waitFor(By.id("oauthConfigId"))).selectByValue(id);
        browser.click(By.id("add-credential"));
        assertEquals("The OAuth alias was added.", browser.text(By.cssSelector(".notice")));

        browser.open("/oauth-configs");
        // The Remove link asks first (a confirm dialog), then the service answers with the references.
        browser.waitFor(By.cssSelector("button[aria-label='Remove Referenced']")).click();
        browser.driver.switchTo().alert().accept();
        browser.remember();
        String references = browser.text(By.id("references"));
        assertTrue(references.contains("crm") && references.contains(solution), references);
        assertEquals(200, given().baseUri(stack.url(LocalStack.CONFIG)).auth().oauth2(admin())
                .get("/api/orgs/{org}/oauth-configs/{id}", org, id).statusCode(), "not removed without confirmation");
        browser.screenshot("remove-references");
        browser.click(By.id("remove-anyway"));
        assertEquals("The OAuth configuration was removed.", browser.text(By.cssSelector(".notice")));

        // The alias service learns of the removal from the event stream.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            browser.open("/solutions/" + solution + "/credentials");
            return !browser.driver.findElements(By.cssSelector("tr[data-credential='crm'] .badge.broken")).isEmpty();
        });
        assertFalse(browser.text(By.cssSelector("tr[data-credential='crm'] .reason")).isBlank(), "the reason is shown");
        browser.screenshot("alias-broken");

        WebElement row = browser.waitFor(By.cssSelector("tr[data-credential='crm']"));
        new Select(row.findElement(By.tagName("select"))).selectByValue(spare);
        row.findElement(By.cssSelector("button[type=submit]")).click();
        browser.remember();
        assertEquals("The credential now uses the chosen configuration.", browser.text(By.cssSelector(".notice")));
        assertEquals("OK", browser.text(By.cssSelector("tr[data-credential='crm'] .badge")));
    }

    @Test
    void aMemberCannotReachTheAdminPages() {
        browser.signIn("bob", org, "MEMBER");
        assertTrue(browser.driver.findElements(By.linkText("OAuth Configurations")).isEmpty(), "no admin links for a member");
        browser.open("/oauth-configs");
        assertEquals("Not allowed", browser.text(By.tagName("h1")));
        assertFalse(browser.driver.getPageSource().contains("Exception"), "no stack trace");
        browser.screenshot("member-forbidden");
        browser.open("/oauth-configs/new");
        assertEquals("Not allowed", browser.text(By.tagName("h1")));
    }

    @Test
    void platformSupportEditsAnOrganisationsDomainsAndAnAdminOnlyReadsThem() {
        String customer = "domains-" + UUID.randomUUID().toString().substring(0, 8);
        browser.signIn("sam", "platform-staff", "SUPPORT");
        browser.open("/domains?org=" + customer);
        browser.type(By.id("domainList"), "first.example\nsecond.example");
        browser.click(By.cssSelector("form[action='/domains'] button[type=submit]"));
        assertEquals("The domains were saved.", browser.text(By.cssSelector(".notice")));
        assertEquals(List.of("first.example", "second.example"), given().baseUri(stack.url(LocalStack.CONFIG))
                .auth().oauth2(stack.oidc().platformToken("carol", customer, "ADMIN"))
                .get("/api/orgs/{org}/domains", customer).then().statusCode(200).extract().path("domains"));

        browser.signIn("carol", customer, "ADMIN");
        browser.open("/domains");
        assertTrue(browser.text(By.id("domains")).contains("second.example"));
        assertTrue(browser.driver.findElements(By.id("domainList")).isEmpty(), "an admin reads, support edits");
    }

    @Test
    void anotherOrganisationsConfigurationIdInTheAddressIsNotFound() {
        String otherOrg = "other-" + UUID.randomUUID().toString().substring(0, 8);
        String theirs = given().baseUri(stack.url(LocalStack.CONFIG)).auth().oauth2(stack.oidc().platformToken("eve", otherOrg, "ADMIN"))
                .contentType(ContentType.JSON).body(configBody("Theirs", "other.secret.token"))
                .post("/api/orgs/{org}/oauth-configs", otherOrg).then().statusCode(201).extract().path("id");
        browser.signIn("alice", org, "ADMIN");
        browser.open("/oauth-configs/" + theirs);
        assertEquals("Not found", browser.text(By.tagName("h1")));
        assertFalse(browser.driver.getPageSource().contains("Theirs"), "nothing of it is shown");
        browser.screenshot("not-found");
    }

    @Test
    void aMemberSignsInToTheConfigurationASolutionNeedsAtItsProviderAndSignsOutAgain() {
        String solution = "hub-" + UUID.randomUUID().toString().substring(0, 6);
        String title = "acme.hub.t" + UUID.randomUUID().toString().substring(0, 6);
        String image = stack.consoleUrl() + "/static/account.svg";
        Map<String, Object> body = new java.util.HashMap<>(configBody("Acme Hub", title));
        body.put("imageUrl", image);
        String id = given().baseUri(stack.url(LocalStack.CONFIG)).auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(body).post("/api/orgs/{org}/oauth-configs", org).then().statusCode(201).extract().path("id");
        // An admin declares that the solution needs it (the alias service checks the title against the configurations).
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> given()
                .baseUri(stack.url(LocalStack.ALIAS)).auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("titles", List.of(title))).put("/api/orgs/{org}/solutions/{solution}/required-credentials", org, solution)
                .statusCode() == 200);

        browser.signIn("bob", org, "MEMBER");
        browser.open("/sign-in");
        browser.type(By.name("solutionId"), solution);
        browser.click(By.cssSelector("main form button[type=submit]"));
        String page = browser.text(By.id("main"));
        assertTrue(page.contains("Acme Hub"), page);
        By entry = By.cssSelector("li.signin[data-config='" + id + "']");
        assertEquals("Acme Hub", browser.waitFor(entry).findElement(By.cssSelector(".entry-name")).getText());
        assertEquals(title, browser.driver.findElement(entry).findElement(By.cssSelector(".entry-ref")).getText());
        WebElement picture = browser.driver.findElement(entry).findElement(By.tagName("img"));
        assertEquals(image, picture.getAttribute("src"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ((Number) browser.driver.executeScript(
                "return arguments[0].complete ? arguments[0].naturalWidth : 0;", picture)).intValue() > 0);
        WebElement notYet = browser.waitFor(By.cssSelector("li.signin[data-config='" + id + "'] .entry-status"));
        assertEquals("Not signed in", notYet.getText());
        assertEquals("NOT_SIGNED_IN", notYet.getAttribute("data-status"));
        browser.screenshot("member-sign-in");

        // Sign in: the console starts the token-service's sign-in and sends the browser to the configuration's provider.
        browser.click(By.cssSelector("button[aria-label='Sign in to Acme Hub']"));
        WebElement username = browser.waitFor(By.name("username"));
        assertTrue(browser.driver.getCurrentUrl().startsWith(stack.oidc().issuer("console-idp")), browser.driver.getCurrentUrl());
        browser.remember();
        username.sendKeys("bob@acme-hub.example");
        username.submit();
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl()
                .startsWith(stack.consoleUrl() + "/solutions/" + solution + "/sign-in"));
        browser.remember();
        assertEquals("You are signed in.", browser.text(By.cssSelector(".notice")));
        WebElement status = browser.waitFor(By.cssSelector("li.signin[data-config='" + id + "'] .entry-status"));
        assertTrue(status.getText().startsWith("Signed in") && status.getAttribute("class").contains("ok"), status.getText());
        assertEquals("SIGNED_IN", status.getAttribute("data-status"));
        browser.screenshot("member-signed-in");
        // The provider's tokens stayed with the token-service: none in a cookie (the session is encrypted) or in browser storage.
        for (Cookie cookie : browser.driver.manage().getCookies()) {
            assertFalse(Browser.JWT.matcher(cookie.getValue()).find(), "a readable token in cookie " + cookie.getName());
        }
        assertEquals(0L, browser.driver.executeScript("return window.localStorage.length + window.sessionStorage.length;"),
                "nothing in browser storage");

        browser.click(By.cssSelector("button[aria-label='Sign out of Acme Hub']"));
        assertEquals("You are signed out.", browser.text(By.cssSelector(".notice")));
        WebElement after = browser.waitFor(By.cssSelector("li.signin[data-config='" + id + "'] .entry-status"));
        assertTrue(after.getText().startsWith("Not signed in") && !"SIGNED_IN".equals(after.getAttribute("data-status")), after.getText());
        assertTrue(browser.driver.findElements(By.cssSelector("button[aria-label='Sign in to Acme Hub']")).size() == 1,
                "Sign in is offered again");
    }

    @Test
    void signingOutOfTheConsoleIsTheHeadersButtonAndEndsTheSession() {
        browser.signIn("bob", org, "MEMBER");
        browser.click(By.id("sign-out"));
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Duration.ofSeconds(30))
                .until(d -> d.getCurrentUrl().equals(stack.consoleUrl() + "/signed-out"));
        browser.remember();
        assertEquals("Signed out", browser.text(By.tagName("h1")));
        assertTrue(browser.driver.manage().getCookieNamed("q_session") == null, "the session cookie is gone");
        browser.driver.get(stack.consoleUrl() + "/sign-in");
        browser.waitFor(By.name("username"));
        assertTrue(browser.driver.getCurrentUrl().startsWith(stack.oidc().platformIssuer()), "signed out: the console asks the provider again");
    }

    private void fillNewConfig(String name, String title, String redirectUrl) {
        browser.type(By.id("name"), name);
        browser.type(By.id("title"), title);
        new Select(browser.waitFor(By.id("type"))).selectByVisibleText("OpenID");
        browser.click(By.cssSelector("input[name=domains][value='acme-console.example']"));
        browser.type(By.id("redirectUrls-0"), redirectUrl);
        browser.type(By.id("clientId"), "acme-console-client");
        browser.type(By.id("issuer"), stack.oidc().issuer("console-idp"));
        browser.type(By.id("scopes"), "openid offline_access");
        assertTrue(browser.driver.findElement(By.id("usePkce")).isSelected() && browser.driver.findElement(By.id("useNonce")).isSelected(),
                "PKCE and nonce are on by default");
    }

    private void setValue(WebElement textarea, String value) {
        browser.driver.executeScript("arguments[0].value = arguments[1];", textarea, value);
    }

    private static String callbackUrl() {
        return stack.consoleUrl() + "/sign-in/callback";
    }

    private static String admin() {
        return stack.oidc().platformToken("alice", org, "ADMIN");
    }

    private static Map<String, Object> configBody(String name, String title) {
        return Map.of("name", name, "title", title, "type", "OPENID", "domains", List.of(),
                "redirectUrls", List.of(callbackUrl()), "clientId", "acme-console-client",
                "issuer", stack.oidc().issuer("console-idp"), "scopes", List.of("openid", "offline_access"));
    }

    private static String createConfig(String orgId, String name, String title) {
        return given().baseUri(stack.url(LocalStack.CONFIG)).auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(configBody(name, title)).post("/api/orgs/{org}/oauth-configs", orgId).then().statusCode(201).extract().path("id");
    }

    private static String configName(String id) {
        return given().baseUri(stack.url(LocalStack.CONFIG)).auth().oauth2(admin())
                .get("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(200).extract().path("name");
    }
}
