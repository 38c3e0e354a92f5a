package dev.sixteen.display;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DisplayTests {

	@Test
	void showsPrintableOctetsAsThemselves() {
		assertThat(Display.octets(bytes("Hi there, server"))).isEqualTo("b'Hi there, server'");
	}

	@Test
	void escapesLineBreaksSoALogLineCannotBeForged() {
		assertThat(Display.octets(bytes("a\r\nINFO fake"))).isEqualTo("b'a\\r\\nINFO fake'");
	}

	@Test
	void escapesOtherOctetsInHexAsPythonDoes() {
		assertThat(Display.octets(new byte[] { 0, 9, 0x1b, 0x7f, (byte) 0x80, (byte) 0xff, '\\' }))
			.isEqualTo("b'\\x00\\t\\x1b\\x7f\\x80\\xff\\\\'");
	}

	@Test
	void quotesLikePython() {
		assertThat(Display.octets(bytes("it's"))).isEqualTo("b\"it's\"");
		assertThat(Display.octets(bytes("'\""))).isEqualTo("b'\\'\"'");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

}
