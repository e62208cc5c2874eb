package com.oauthconfig.localstack;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Headless Chromium driven through chromedriver (Debian's packages, installed by
 * scripts/ensure-chromium.sh; CHROME_BIN and CHROMEDRIVER name others), signed in to the console
 * through the dev provider's login form. Keeps every page it saw, so a test can check that no
 * secret or token ever reached one.
 */
final class Browser implements AutoCloseable {

    static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.");

    final ChromeDriver driver;
    private final String consoleUrl;
    private final Path screenshots;
    private final List<String> seen = new ArrayList<>();

    Browser(String consoleUrl, Path screenshots) {
        this.consoleUrl = consoleUrl;
        this.screenshots = screenshots;
        String chrome = System.getenv().getOrDefault("CHROME_BIN", "/usr/bin/chromium");
        String chromedriver = System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chrome);
        // The local console's certificate is self-signed for localhost.
        options.setAcceptInsecureCerts(true);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--disable-gpu", "--lang=en");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver))
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    /** Signs in through the dev provider's form as {@code user} of {@code org} with {@code role}, fresh (old cookies dropped). */
    void signIn(String user, String org, String role) {
        driver.get(consoleUrl + "/signed-out");
        driver.manage().deleteAllCookies();
        driver.get(consoleUrl + "/");
        WebElement username = waitFor(By.name("username"));
        username.sendKeys(user);
        WebElement claims = driver.findElement(By.name("claims"));
        claims.clear();
        claims.sendKeys("{\"org_id\":\"" + org + "\",\"roles\":[\"" + role + "\"]}");
        claims.submit();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().startsWith(consoleUrl)
                && !d.findElements(By.id("main")).isEmpty());
        remember();
    }

    void open(String path) {
        driver.get(consoleUrl + path);
        remember();
    }

    WebElement waitFor(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void click(By by) {
        waitFor(by).click();
        remember();
    }

    void type(By by, String text) {
        WebElement e = waitFor(by);
        e.clear();
        e.sendKeys(text);
    }

    String text(By by) {
        return waitFor(by).getText();
    }

    /** Records the current URL and page for the no-secret checks. */
    void remember() {
        seen.add(driver.getCurrentUrl());
        seen.add(driver.getPageSource());
    }

    List<String> seen() {
        return seen;
    }

    String consoleUrl() {
        return consoleUrl;
    }

    /** Saves a screenshot of the page as {@code target/console-screenshots/<name>.png}. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(screenshots);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Path target = screenshots.resolve(name + ".png");
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
