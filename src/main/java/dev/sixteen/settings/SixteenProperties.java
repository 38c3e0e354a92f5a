package dev.sixteen.settings;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting under {@code sixteen}, bound and checked as one tree: a key that names no
 * setting, at any depth, stops start-up, and so does a value its setting does not allow.
 * Each default is the {@code @DefaultValue} of its setting, which the configuration
 * metadata also carries.
 *
 * @param server the TCP server's settings, {@code sixteen.server.*}
 * @param client the client's settings, {@code sixteen.client.*}
 */
@Validated
@ConfigurationProperties(prefix = SixteenProperties.PREFIX, ignoreUnknownFields = false)
public record SixteenProperties(
		@DefaultValue @Valid @NotNull(
				message = "must be set") @NestedConfigurationProperty SixteenServerProperties server,
		@DefaultValue @Valid @NotNull(
				message = "must be set") @NestedConfigurationProperty SixteenClientProperties client) {

	/** Where the tree is bound. */
	public static final String PREFIX = "sixteen";

	/**
	 * Tells whether a setting is sixteen's.
	 * @param name the setting
	 * @return whether it is {@code sixteen} or under it
	 */
	static boolean owns(ConfigurationPropertyName name) {
		ConfigurationPropertyName root = ConfigurationPropertyName.of(PREFIX);
		return root.equals(name) || root.isAncestorOf(name);
	}

	/**
	 * The constraints between settings, such as a reply as long as the frame. Each
	 * settings type checks them after its settings are valid one by one, so that a frame
	 * length out of range is reported as such and not as a reply of the wrong length.
	 */
	public interface CrossField {

	}

}
