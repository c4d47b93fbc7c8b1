package io.lambdashop.serving;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The reports the {@code reports} module wrote under {@code <data>/reports}: listed at
 * {@code /api/reports}, served read-only under {@code /reports/<daily|hourly>/<file>}.
 *
 * <p>Only names a report can have are served ({@code 2010-12-01.pdf},
 * {@code 2010-12-01T08.md}...), so no request can reach a file outside the folder, whatever
 * dots or encoded slashes it carries.
 */
final class ReportRoutes {

    private static final List<String> PERIODS = List.of("daily", "hourly");

    private static final Pattern FILE_NAME =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}(T\\d{2})?\\.(md|pdf|png)");

    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "md", "text/markdown; charset=utf-8",
            "pdf", "application/pdf",
            "png", "image/png");

    private final Path reportsDir;

    ReportRoutes(Path dataDir) {
        this.reportsDir = dataDir.resolve("reports").toAbsolutePath().normalize();
    }

    /** Adds the two routes; call before any catch-all route of {@code /api/*}. */
    void addTo(Router router) {
        router.get("/api/reports").handler(this::list);
        router.get("/reports/:period/:file").handler(this::serve);
    }

    private void list(RoutingContext ctx) {
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("items");
        try {
            for (String period : PERIODS) {
                for (String name : reportNames(reportsDir.resolve(period))) {
                    ObjectNode item = items.addObject();
                    item.put("period", period);
                    item.put("name", name);
                    item.put("markdown", "/reports/" + period + "/" + name + ".md");
                    Path pdf = reportsDir.resolve(period).resolve(name + ".pdf");
                    if (Files.isRegularFile(pdf)) {
                        item.put("pdf", "/reports/" + period + "/" + name + ".pdf");
                    } else {
                        item.putNull("pdf");
                    }
                }
            }
        } catch (IOException e) {
            ctx.response().setStatusCode(500).putHeader("Content-Type", ServingApi.JSON)
                    .end(Json.write(Json.object().put("error", "cannot list the reports in "
                            + reportsDir + ": " + e.getMessage())));
            return;
        }
        ctx.response().putHeader("Content-Type", ServingApi.JSON).end(Json.write(body));
    }

    /** The names of the reports in one folder (one per Markdown file), newest first. */
    static List<String> reportNames(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.map(file -> file.getFileName().toString())
                    .filter(name -> FILE_NAME.matcher(name).matches() && name.endsWith(".md"))
                    .forEach(name -> names.add(name.substring(0, name.length() - 3)));
        }
        names.sort(Comparator.reverseOrder());
        return names;
    }

    private void serve(RoutingContext ctx) {
        String period = ctx.pathParam("period");
        String file = ctx.pathParam("file");
        if (!PERIODS.contains(period) || !FILE_NAME.matcher(file).matches()) {
            notFound(ctx);
            return;
        }
        Path path = reportsDir.resolve(period).resolve(file).normalize();
        if (!path.startsWith(reportsDir) || !Files.isRegularFile(path)) {
            notFound(ctx);
            return;
        }
        String extension = file.substring(file.lastIndexOf('.') + 1);
        ctx.response().putHeader("Content-Type", CONTENT_TYPES.get(extension))
                .putHeader("Cache-Control", "no-cache")
                // A browser must not guess HTML in a Markdown file full of product names.
                .putHeader("X-Content-Type-Options", "nosniff")
                .sendFile(path.toString());
    }

    private static void notFound(RoutingContext ctx) {
        ctx.response().setStatusCode(404).putHeader("Content-Type", ServingApi.JSON)
                .end(Json.write(Json.object().put("error", "no such report: "
                        + ctx.request().path())));
    }
}
