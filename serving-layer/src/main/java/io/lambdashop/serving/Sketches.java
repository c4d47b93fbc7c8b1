package io.lambdashop.serving;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.memory.Memory;

import java.util.Base64;

/** Reading the users sketches both layers write: base64 of a DataSketches HLL sketch. */
public final class Sketches {

    private Sketches() {
    }

    /**
     * Decodes and heapifies a sketch; null for a null or blank text.
     *
     * @throws IllegalArgumentException if the text is not base64 of an HLL sketch
     */
    public static HllSketch fromBase64(String base64) {
        if (base64 == null || base64.isBlank()) {
            return null;
        }
        // The MIME decoder skips line breaks: Spark's base64() wraps at 76 characters unless
        // told otherwise, and both forms must read the same.
        byte[] bytes = Base64.getMimeDecoder().decode(base64);
        try {
            return HllSketch.heapify(Memory.wrap(bytes));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an HLL sketch: " + e.getMessage(), e);
        }
    }

    /** The compact bytes of a sketch as base64, the form both layers store. */
    public static String toBase64(HllSketch sketch) {
        return Base64.getEncoder().encodeToString(sketch.toCompactByteArray());
    }
}
