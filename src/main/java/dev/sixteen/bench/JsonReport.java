package dev.sixteen.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

/**
 * The run's figures for a machine: one JSON object on one line. Latencies are in
 * microseconds; {@code latencyMicros} is null when no exchange completed.
 *
 * <pre>
 * {"target":"127.0.0.1:1060","connections":50,"keepAlive":1,"seconds":10.0,
 *  "exchanges":412345,"exchangesPerSecond":41234.5,"connects":412345,"errors":0,
 *  "errorsByReason":{"refused":0,"reset":0,"closedEarly":0,"mismatched":0,"timeout":0,"other":0},
 *  "latencyMicros":{"p50":1052.7,"p90":1803.3,"p99":3204.1,"p999":8101.9,"max":21303.3}}
 * </pre>
 */
final class JsonReport {

	private static final JsonFactory FACTORY = new JsonFactory();

	private JsonReport() {
	}

	static void summary(Summary summary, PrintWriter out) {
		StringWriter text = new StringWriter();
		try (JsonGenerator json = FACTORY.createGenerator(text)) {
			json.writeStartObject();
			json.writeStringProperty("target", summary.target());
			json.writeNumberProperty("connections", summary.settings().connections());
			json.writeNumberProperty("keepAlive", summary.settings().keepAlive());
			json.writeNumberProperty("seconds", round(summary.seconds(), 1000));
			json.writeNumberProperty("exchanges", summary.exchanges());
			json.writeNumberProperty("exchangesPerSecond", round(summary.exchangesPerSecond(), 10));
			json.writeNumberProperty("connects", summary.connects());
			json.writeNumberProperty("errors", summary.errors());
			json.writeObjectPropertyStart("errorsByReason");
			for (Map.Entry<Failure, Long> failure : summary.failures().entrySet()) {
				json.writeNumberProperty(failure.getKey().key(), failure.getValue());
			}
			json.writeEndObject();
			latencies(summary, json);
			json.writeEndObject();
		}
		out.println(text);
		out.flush();
	}

	private static void latencies(Summary summary, JsonGenerator json) {
		if (summary.exchanges() == 0) {
			json.writeNullProperty("latencyMicros");
			return;
		}
		json.writeObjectPropertyStart("latencyMicros");
		long[] latencies = summary.latencies();
		for (int i = 0; i < latencies.length; i++) {
			json.writeNumberProperty(Summary.PERCENTILE_LABELS[i].replace(".", ""), round(latencies[i] / 1e3, 10));
		}
		json.writeEndObject();
	}

	private static double round(double value, int scale) {
		return Math.round(value * scale) / (double) scale;
	}

}
