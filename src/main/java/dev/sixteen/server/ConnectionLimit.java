package dev.sixteen.server;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.UnixOperatingSystemMXBean;
import com.sun.management.VMOption;

/**
 * The default of {@code max-connections}: as many connections as the memory the JVM may
 * use can hold, at the cost per connection measured in BENCHMARKS.md ("Limits that fit
 * the memory"), and no more than the process may open files. A connection on a platform
 * thread (JDK 17) costs mostly native memory, its thread's stack and the kernel's thread;
 * on a virtual thread its stack lives in the heap.
 *
 * @param connections the limit
 * @param why how it was found, for the start-up log
 */
record ConnectionLimit(int connections, String why) {

	/**
	 * Native memory a connection's platform thread takes: touched stack, kernel thread.
	 */
	static final long PLATFORM_THREAD_BYTES = 40 * 1024;

	/** Heap an open connection takes, its virtual thread's stack included. */
	static final long HEAP_BYTES = 8 * 1024;

	/** Memory beyond the heap the JVM keeps for itself: metaspace, code, GC, Tomcat. */
	static final long RESERVED_BYTES = 160L * 1024 * 1024;

	/** File descriptors kept for jars, logs, the actuator and the listener. */
	static final long RESERVED_FILES = 64;

	/** Connections heap may take, as a share of the heap's ceiling. */
	static final double HEAP_SHARE = 0.5;

	/**
	 * Finds the limit.
	 * @param configured {@code sixteen.server.max-connections}: 0 to derive it
	 * @param virtualThreads whether connections run on virtual threads
	 * @return the limit and why
	 */
	static ConnectionLimit of(int configured, boolean virtualThreads) {
		if (configured > 0) {
			return new ConnectionLimit(configured, "sixteen.server.max-connections=" + configured);
		}
		long memory = memoryTheJvmMayUse();
		long heap = Runtime.getRuntime().maxMemory();
		long byHeap = (long) (heap * HEAP_SHARE) / HEAP_BYTES;
		long byMemory = virtualThreads ? byHeap : Math.max(0, memory - heap - RESERVED_BYTES) / PLATFORM_THREAD_BYTES;
		long byFiles = openFilesAllowed() - RESERVED_FILES;
		long limit = Math.max(1, Math.min(Math.min(byHeap, byMemory), byFiles));
		String cost = virtualThreads ? "virtual threads: " + HEAP_BYTES / 1024 + " KiB of heap each"
				: "platform threads: " + PLATFORM_THREAD_BYTES / 1024 + " KiB beside the heap each";
		String why = String.format("derived from %d MiB the JVM may use, a %d MiB heap, %s; %d open files allowed",
				mebibytes(memory), mebibytes(heap), cost, openFilesAllowed());
		return new ConnectionLimit((int) Math.min(Integer.MAX_VALUE, limit), why);
	}

	/**
	 * The memory the JVM may use: {@code -XX:MaxRAM} when it is set, else the container's
	 * limit or the machine's memory, as the JVM sees it.
	 */
	private static long memoryTheJvmMayUse() {
		OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		long machine = (os instanceof com.sun.management.OperatingSystemMXBean sun) ? sun.getTotalMemorySize()
				: Long.MAX_VALUE;
		VMOption maxRam = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption("MaxRAM");
		if (maxRam.getOrigin() != VMOption.Origin.DEFAULT) {
			return Math.min(machine, Long.parseLong(maxRam.getValue()));
		}
		return machine;
	}

	private static long openFilesAllowed() {
		OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		return (os instanceof UnixOperatingSystemMXBean unix) ? unix.getMaxFileDescriptorCount() : Long.MAX_VALUE;
	}

	private static long mebibytes(long bytes) {
		return bytes / (1024 * 1024);
	}

}
