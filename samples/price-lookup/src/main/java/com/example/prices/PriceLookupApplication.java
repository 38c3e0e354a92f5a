package com.example.prices;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The price lookup service: sixteen's listener with {@link PriceLookup} behind it. */
@SpringBootApplication
@EnableConfigurationProperties(Catalog.class)
public class PriceLookupApplication {

	public static void main(String[] args) {
		SpringApplication.run(PriceLookupApplication.class, args);
	}

}
