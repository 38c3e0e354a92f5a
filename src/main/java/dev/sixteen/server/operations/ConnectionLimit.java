package dev.sixteen.server.operations;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.UnixOperatingSystemMXBean;
import com.sun.management.VMOption;

/**
 * The default of {@code max-connections}: as many connections as the memory the JVM may
 * use can hold, at the cost per idle connection measured in BENCHMARKS.md ("Limits that
 * fit the memory"), and as many as the process may still open files for. A connection on
 * a platform thread (JDK 17) costs mostly memory beside the heap, its thread's stack and
 * the kernel's thread; on a virtual thread its stack lives in the heap.
 *
 * @param connections the limit
 * @param why how it was found, for the start-up log
 * @param tight whether the memory beside the heap holds fewer connections than the floor
 */
public record ConnectionLimit(int connections, String why, boolean tight) {

	/**
	 * Memory beside the heap an idle connection takes on a platform thread (measured: 38
	 * KiB).
	 */
	static final long PLATFORM_THREAD_BYTES = 40 * 1024;

	/**
	 * Heap an idle connection takes, its virtual thread's stack included (measured: 5-6
	 * KiB).
	 */
	static final long HEAP_BYTES = 8 * 1024;

	/** Memory beside the heap the JVM keeps for itself: metaspace, code, GC, Tomcat. */
	static final long RESERVED_BYTES = 160L * 1024 * 1024;

	/** File descriptors kept free for logs, the actuator and what the JVM opens later. */
	static final long RESERVED_FILES = 64;

	/** Connections' share of the heap's ceiling. */
	static final double HEAP_SHARE = 0.5;

	/** The least the limit is, however little memory there seems to be. */
	public static final int FLOOR = 100;

	/**
	 * Finds the limit.
	 * @param configured {@code sixteen.server.max-connections}: 0 to derive it
	 * @param virtualThreads whether connections run on virtual threads
	 * @return the limit and why
	 */
	public static ConnectionLimit of(int configured, boolean virtualThreads) {
		if (configured > 0) {
			return new ConnectionLimit(configured, "sixteen.server.max-connections=" + configured, false);
		}
		long memory = memoryTheJvmMayUse();
		long heap = Runtime.getRuntime().maxMemory();
		long byHeap = (long) (heap * HEAP_SHARE) / HEAP_BYTES;
		long beside = memory - heap - RESERVED_BYTES;
		long byThreads = virtualThreads ? Long.MAX_VALUE : Math.max(0, beside) / PLATFORM_THREAD_BYTES;
		OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		long maxFiles = (os instanceof UnixOperatingSystemMXBean unix) ? unix.getMaxFileDescriptorCount()
				: Long.MAX_VALUE;
		long openFiles = (os instanceof UnixOperatingSystemMXBean unix) ? unix.getOpenFileDescriptorCount() : 0;
		long byFiles = maxFiles - openFiles - RESERVED_FILES;
		long limit = Math.min(Math.min(byHeap, byThreads), byFiles);
		String why;
		if (limit == byFiles) {
			why = String.format("derived from the open-file limit: %d allowed, %d open, %d kept free", maxFiles,
					openFiles, RESERVED_FILES);
		}
		else if (limit == byHeap) {
			why = String.format("derived from the heap: half of %d MiB at %d KiB per connection", mebibytes(heap),
					HEAP_BYTES / 1024);
		}
		else {
			why = String.format(
					"derived from the memory: %d MiB the JVM may use, less a %d MiB heap and %d MiB for the JVM,"
							+ " at %d KiB per connection on a platform thread",
					mebibytes(memory), mebibytes(heap), mebibytes(RESERVED_BYTES), PLATFORM_THREAD_BYTES / 1024);
		}
		return new ConnectionLimit((int) Math.max(FLOOR, Math.min(Integer.MAX_VALUE, limit)), why, limit < FLOOR);
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

	private static long mebibytes(long bytes) {
		return bytes / (1024 * 1024);
	}

}
