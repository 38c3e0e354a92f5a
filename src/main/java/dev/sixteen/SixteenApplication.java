package dev.sixteen;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import dev.sixteen.cli.SixteenCommand;

/**
 * Starts sixteen: {@code server}, {@code client} or, with no command, the server as
 * {@code application.yml} sets it up.
 */
public final class SixteenApplication {

	private SixteenApplication() {
	}

	public static void main(String[] args) {
		System.exit(SixteenCommand.execute(writer(FileDescriptor.out), writer(FileDescriptor.err), args));
	}

	private static PrintWriter writer(FileDescriptor fd) {
		return new PrintWriter(new OutputStreamWriter(new FileOutputStream(fd), StandardCharsets.UTF_8), true);
	}

}
