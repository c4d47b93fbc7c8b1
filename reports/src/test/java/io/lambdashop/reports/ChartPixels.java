package io.lambdashop.reports;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** Reads a rendered chart back from its pixels. */
final class ChartPixels {

    private ChartPixels() {
    }

    /** Pixels close to the colour of batch-view bars (a dark blue). */
    static int batchBlue(BufferedImage image) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (isBatchBlue(image.getRGB(x, y))) {
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * The height in pixels of each bar, left to right: runs of adjacent columns holding
     * batch-blue pixels, each measured at its tallest column.
     */
    static List<Integer> barHeightsByColumn(BufferedImage image) {
        List<Integer> bars = new ArrayList<>();
        int tallest = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            int height = 0;
            for (int y = 0; y < image.getHeight(); y++) {
                if (isBatchBlue(image.getRGB(x, y))) {
                    height++;
                }
            }
            if (height > 0) {
                tallest = Math.max(tallest, height);
            } else if (tallest > 0) {
                bars.add(tallest);
                tallest = 0;
            }
        }
        if (tallest > 0) {
            bars.add(tallest);
        }
        return bars;
    }

    private static boolean isBatchBlue(int rgb) {
        int red = (rgb >> 16) & 0xff;
        int green = (rgb >> 8) & 0xff;
        int blue = rgb & 0xff;
        return Math.abs(red - 0x1f) < 24 && Math.abs(green - 0x5f) < 24
                && Math.abs(blue - 0x99) < 24;
    }
}
