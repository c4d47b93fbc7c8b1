package io.lambdashop.stack;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}), read the way a person reads it: the text on screen, and what the
 * charts hold and have painted.
 */
final class DashboardPage implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static final int WIDTH = 1400;

    private final ChromeDriver driver;

    DashboardPage() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("The dashboard test needs " + CHROMIUM + " and "
                    + CHROMEDRIVER + ": apt-get install -y chromium chromium-driver");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--disable-gpu", "--lang=en-US", "--window-size=" + WIDTH + ",1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        this.driver = new ChromeDriver(service, options);
    }

    /** A count as the page shows it: en-US grouping. */
    static String shownCount(long value) {
        return String.format(Locale.US, "%,d", value);
    }

    /** Money as the page shows it: cents, half away from zero, en-US grouping. */
    static String shownMoney(BigDecimal value) {
        DecimalFormat format = new DecimalFormat("#,##0.00",
                DecimalFormatSymbols.getInstance(Locale.US));
        return format.format(value.setScale(2, RoundingMode.HALF_UP));
    }

    void open(String url) {
        driver.get(url);
    }

    /** The text shown by the element with this id. */
    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    /**
     * The cells' text of each row of a table body, read in one script: a live update may
     * replace the rows at any moment, and a row read one element at a time could go stale.
     */
    @SuppressWarnings("unchecked")
    List<List<String>> rows(String tbodyId) {
        return (List<List<String>>) script("return Array.from(document.querySelectorAll("
                + "'#' + arguments[0] + ' tr'), row => Array.from(row.cells,"
                + " cell => cell.textContent))", tbodyId);
    }

    /** How many elements of the page match a CSS selector. */
    int count(String cssSelector) {
        return driver.findElements(By.cssSelector(cssSelector)).size();
    }

    void click(String cssSelector) {
        driver.findElement(By.cssSelector(cssSelector)).click();
    }

    Object script(String javascript, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(javascript, args);
    }

    /** How many complete refreshes of every panel the page has done. */
    long refreshes() {
        Object value = script("return Number(document.body.dataset.refreshes || 0)");
        return ((Number) value).longValue();
    }

    /**
     * What the chart on canvas {@code id} holds and has painted: the number of data points
     * over its datasets, and of canvas pixels that are not transparent. {@code [-1, 0]} when
     * no chart was ever created there.
     */
    long[] chartState(String id) {
        @SuppressWarnings("unchecked")
        List<Number> state = (List<Number>) script(
                "const canvas = document.getElementById(arguments[0]);"
                + "const chart = Chart.getChart(canvas);"
                + "if (!chart || canvas.width === 0 || canvas.height === 0) return [-1, 0];"
                + "const points = chart.data.datasets.reduce((n, d) => n + d.data.length, 0);"
                + "const pixels = canvas.getContext('2d')"
                + "    .getImageData(0, 0, canvas.width, canvas.height).data;"
                + "let painted = 0;"
                + "for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) painted++; }"
                + "return [points, painted];", id);
        return new long[] {state.get(0).longValue(), state.get(1).longValue()};
    }

    /** The values of the first dataset of the chart on canvas {@code id}. */
    @SuppressWarnings("unchecked")
    List<Number> chartValues(String id) {
        return (List<Number>) script("return Chart.getChart(document.getElementById("
                + "arguments[0])).data.datasets[0].data", id);
    }

    /** Waits for {@code condition} to hold, polling the page every 50 ms. */
    <T> T await(Duration timeout, String what, Function<DashboardPage, T> condition) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(50));
        wait.withMessage(what);
        return wait.until(d -> condition.apply(this));
    }

    /** Saves the whole page as a PNG: the window is stretched to the page's height first. */
    void screenshot(Path file) throws IOException {
        Number height = (Number) script("return document.documentElement.scrollHeight");
        // The window size includes the browser frame: leave room for it below the page.
        driver.manage().window().setSize(new Dimension(WIDTH, height.intValue() + 200));
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Whether the page has a JavaScript alert open (a script from data would open one). */
    boolean alertOpen() {
        try {
            driver.switchTo().alert();
            return true;
        } catch (org.openqa.selenium.NoAlertPresentException e) {
            return false;
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
