package dev.sixteen;

import dev.sixteen.cli.SixteenCommand;

/**
 * Starts sixteen: {@code server}, {@code client} or, with no command, the server as
 * {@code application.yml} sets it up.
 */
public final class SixteenApplication {

	private SixteenApplication() {
	}

	public static void main(String[] args) {
		System.exit(SixteenCommand.execute(args));
	}

}
