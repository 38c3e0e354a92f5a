package com.example.prices;

import java.nio.charset.StandardCharsets;

import dev.sixteen.handler.Exchange;
import dev.sixteen.handler.ExchangeHandler;

import org.springframework.stereotype.Component;

/**
 * Answers a price query of a fixed-width record protocol, as a legacy point-of-sale host
 * speaks it. Every request is 12 octets and every reply 24, in ASCII:
 *
 * <pre>
 * request  PRIC AB-1234·          transaction code (4), item code (8, space-padded)
 *          ├──┘ └──────┘
 * reply    00 AB-1234· 0000001999 EUR·
 *          ├┘ └──────┘ └────────┘ └─┘
 *          status (2): 00 found, 14 unknown item, 30 unknown transaction
 *             item (8), price in cents (10, zero-padded), currency (3), one space
 * </pre>
 *
 * sixteen reads exactly 12 octets however TCP splits them and writes these 24; it closes
 * the connection and counts the failure if this handler throws or answers another length.
 */
@Component
public class PriceLookup implements ExchangeHandler {

	/** Octets in a request: {@code sixteen.server.request-length}. */
	public static final int REQUEST_LENGTH = 12;

	/** Octets in a reply: {@code sixteen.server.reply-length}. */
	public static final int REPLY_LENGTH = 24;

	private final Catalog catalog;

	public PriceLookup(Catalog catalog) {
		this.catalog = catalog;
	}

	@Override
	public byte[] reply(byte[] request, Exchange exchange) {
		String record = new String(request, StandardCharsets.US_ASCII);
		String item = record.substring(4, 12);
		if (!record.startsWith("PRIC")) {
			return answer("30", item, 0);
		}
		Long cents = this.catalog.cents().get(item.strip());
		return (cents != null) ? answer("00", item, cents) : answer("14", item, 0);
	}

	private byte[] answer(String status, String item, long cents) {
		String reply = String.format("%s%-8s%010d%-3s ", status, item, cents, this.catalog.currency());
		return reply.getBytes(StandardCharsets.US_ASCII);
	}

}
