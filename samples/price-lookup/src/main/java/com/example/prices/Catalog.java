package com.example.prices;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The prices the service knows, under {@code prices}: each item's price in cents.
 *
 * @param currency the ISO 4217 code every price is in
 * @param cents each item's price, by its code
 */
@ConfigurationProperties("prices")
public record Catalog(@DefaultValue("EUR") String currency, @DefaultValue Map<String, Long> cents) {

}
