package dev.sixteen.settings;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CidrTests {

	@Test
	void containsAddressesOfItsBlock() throws UnknownHostException {
		Cidr block = Cidr.valueOf("10.0.0.0/8");
		assertThat(block.contains(InetAddress.getByName("10.255.1.2"))).isTrue();
		assertThat(block.contains(InetAddress.getByName("11.0.0.1"))).isFalse();
		assertThat(block.contains(InetAddress.getByName("::1"))).isFalse();
	}

	@Test
	void clearsHostBitsAndKeepsOddPrefixes() throws UnknownHostException {
		Cidr block = Cidr.valueOf("192.168.1.77/23");
		assertThat(block).hasToString("192.168.0.0/23");
		assertThat(block.contains(InetAddress.getByName("192.168.1.200"))).isTrue();
		assertThat(block.contains(InetAddress.getByName("192.168.2.1"))).isFalse();
	}

	@Test
	void readsIpv6BlocksAndBareAddresses() throws UnknownHostException {
		assertThat(Cidr.valueOf("fd00::/8").contains(InetAddress.getByName("fd12::1"))).isTrue();
		assertThat(Cidr.valueOf("::1").contains(InetAddress.getByName("::1"))).isTrue();
		assertThat(Cidr.valueOf("127.0.0.1").contains(InetAddress.getByName("127.0.0.2"))).isFalse();
	}

	@Test
	void refusesWhatIsNotABlockWithoutLookingUpNames() {
		assertThatIllegalArgumentException().isThrownBy(() -> Cidr.valueOf("10.0.0.0/33"))
			.withMessage("'10.0.0.0/33' is not an IP address or CIDR block such as 10.0.0.0/8 or fd00::/8");
		assertThatIllegalArgumentException().isThrownBy(() -> Cidr.valueOf("example.com/8"));
		assertThatIllegalArgumentException().isThrownBy(() -> Cidr.valueOf("10.0.0.0/x"));
	}

}
