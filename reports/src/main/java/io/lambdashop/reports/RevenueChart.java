package io.lambdashop.reports;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The revenue chart of a report: one bar per hour of a day, or per minute of an hour, every
 * slot of the period shown (a slot without sales is an empty bar, not a missing one), bars
 * split by the layer that answered them. Drawn with JFreeChart into a PNG that the Markdown
 * file links to and the PDF embeds.
 */
public final class RevenueChart {

    /** Size of the PNG, in pixels. */
    public static final int WIDTH_PX = 1000;
    public static final int HEIGHT_PX = 400;

    private static final Color BATCH_COLOR = new Color(0x1f, 0x5f, 0x99);
    private static final Color SPEED_COLOR = new Color(0xe0, 0x8a, 0x1e);

    private final Period period;
    private final List<ReportData.Bucket> buckets;
    private BufferedImage image;

    public RevenueChart(Period period, List<ReportData.Bucket> buckets) {
        this.period = period;
        this.buckets = List.copyOf(buckets);
    }

    /** "Revenue per hour" or "Revenue per minute". */
    public String title() {
        return period.kind() == Period.Kind.DAILY ? "Revenue per hour" : "Revenue per minute";
    }

    /** The chart as an image, drawn once: the PNG and the PDF show the same pixels. */
    public synchronized BufferedImage image() {
        if (image == null) {
            image = draw();
        }
        return image;
    }

    private BufferedImage draw() {
        JFreeChart chart = ChartFactory.createStackedBarChart(null,
                period.kind() == Period.Kind.DAILY ? "hour (UTC)" : "minute",
                "revenue", dataset(), PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);

        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xd0, 0xd0, 0xd0));
        plot.setOutlineVisible(false);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, BATCH_COLOR);
        renderer.setSeriesPaint(1, SPEED_COLOR);
        renderer.setItemMargin(0);

        CategoryAxis slots = plot.getDomainAxis();
        slots.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        slots.setCategoryMargin(0.15);
        if (period.kind() == Period.Kind.HOURLY) {
            slots.setCategoryLabelPositions(CategoryLabelPositions.UP_90);
        }
        NumberAxis revenue = (NumberAxis) plot.getRangeAxis();
        revenue.setNumberFormatOverride(new DecimalFormat("#,##0"));
        return chart.createBufferedImage(WIDTH_PX, HEIGHT_PX);
    }

    /** The chart as PNG bytes. */
    public byte[] png() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image(), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * One value per slot and layer. Bar heights are drawn from the exact amounts by the
     * chart library; no figure written in a report comes from here.
     */
    DefaultCategoryDataset dataset() {
        Map<Instant, ReportData.Bucket> byStart = new HashMap<>();
        buckets.forEach(bucket -> byStart.put(bucket.start(), bucket));
        Duration slot = period.kind() == Period.Kind.DAILY
                ? Duration.ofHours(1) : Duration.ofMinutes(1);

        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        for (Instant start = period.start(); start.isBefore(period.end());
                start = start.plus(slot)) {
            ReportData.Bucket bucket = byStart.get(start);
            BigDecimal revenue = bucket == null ? BigDecimal.ZERO : bucket.revenue();
            boolean speed = bucket != null && !"batch".equals(bucket.source());
            String label = period.kind() == Period.Kind.DAILY
                    ? start.toString().substring(11, 13) : start.toString().substring(14, 16);
            dataset.addValue(speed ? BigDecimal.ZERO : revenue, "batch views", label);
            dataset.addValue(speed ? revenue : BigDecimal.ZERO, "speed views", label);
        }
        return dataset;
    }
}
