package io.lambdashop.ingest;

import io.lambdashop.model.TransactionEvent;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Synthetic sales of a Moroccan web shop, for demos and load tests when the real files are
 * not wanted: uniform draws over six cities, six categories, four payment methods, quantities
 * 1 to 5 and users {@code USER_100} to {@code USER_999}.
 *
 * <p>Amounts lie between 10.00 and 500.00 and are exactly quantity x unit price: the unit
 * price is drawn in whole cents from the range that keeps the product inside those bounds
 * for the drawn quantity, so no rounding is ever needed.
 */
final class SyntheticEvents {

    static final List<String> CITIES = List.of(
            "Casablanca", "Rabat", "Marrakech", "Fes", "Tangier", "Agadir");

    static final List<String> CATEGORIES = List.of(
            "Electronics", "Fashion", "Home & Garden", "Sports", "Books", "Beauty");

    static final List<String> PAYMENT_METHODS = List.of(
            "Credit Card", "PayPal", "Cash on Delivery", "Bank Transfer");

    static final String COUNTRY = "Morocco";

    static final BigDecimal MIN_AMOUNT = new BigDecimal("10.00");
    static final BigDecimal MAX_AMOUNT = new BigDecimal("500.00");

    static final int MAX_QUANTITY = 5;

    /** A product of the catalogue. */
    record Product(String id, String name) {
    }

    /** A few products per category; the id prefix tells the category. */
    static final Map<String, List<Product>> CATALOGUE = Map.of(
            "Electronics", List.of(new Product("ELEC-001", "Wireless Earbuds"),
                    new Product("ELEC-002", "Smartphone Charger"),
                    new Product("ELEC-003", "Bluetooth Speaker")),
            "Fashion", List.of(new Product("FASH-001", "Leather Babouches"),
                    new Product("FASH-002", "Cotton Djellaba"),
                    new Product("FASH-003", "Denim Jacket")),
            "Home & Garden", List.of(new Product("HOME-001", "Tagine Pot"),
                    new Product("HOME-002", "Berber Rug"),
                    new Product("HOME-003", "Brass Lantern")),
            "Sports", List.of(new Product("SPRT-001", "Football"),
                    new Product("SPRT-002", "Yoga Mat"),
                    new Product("SPRT-003", "Running Shoes")),
            "Books", List.of(new Product("BOOK-001", "Moroccan Cookbook"),
                    new Product("BOOK-002", "Atlas Hiking Guide"),
                    new Product("BOOK-003", "Arabic Phrasebook")),
            "Beauty", List.of(new Product("BEAU-001", "Argan Oil"),
                    new Product("BEAU-002", "Rose Water"),
                    new Product("BEAU-003", "Black Soap")));

    private static final long MIN_AMOUNT_CENTS = MIN_AMOUNT.movePointRight(2).longValueExact();
    private static final long MAX_AMOUNT_CENTS = MAX_AMOUNT.movePointRight(2).longValueExact();

    private final RandomGenerator random;

    /** @param random the source of every draw; seed it for a repeatable sequence */
    SyntheticEvents(RandomGenerator random) {
        this.random = random;
    }

    /** One sale happening at {@code eventTime}, with a fresh random transaction id. */
    TransactionEvent next(Instant eventTime) {
        String category = pick(CATEGORIES);
        Product product = pick(CATALOGUE.get(category));
        int quantity = random.nextInt(1, MAX_QUANTITY + 1);

        // Smallest and largest whole-cent price whose product with the quantity stays in
        // [MIN_AMOUNT, MAX_AMOUNT]: ceiling and floor of the bounds divided by the quantity.
        long minPriceCents = (MIN_AMOUNT_CENTS + quantity - 1) / quantity;
        long maxPriceCents = MAX_AMOUNT_CENTS / quantity;
        long priceCents = random.nextLong(minPriceCents, maxPriceCents + 1);
        BigDecimal unitPrice = BigDecimal.valueOf(priceCents, 2);
        BigDecimal amount = BigDecimal.valueOf(priceCents * quantity, 2);

        String transactionId = UUID.randomUUID().toString();
        return new TransactionEvent(
                transactionId,
                // Each synthetic sale is an order of one line.
                transactionId,
                "USER_" + random.nextInt(100, 1000),
                product.id(),
                product.name(),
                category,
                pick(CITIES),
                COUNTRY,
                pick(PAYMENT_METHODS),
                quantity,
                unitPrice,
                amount,
                eventTime);
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
