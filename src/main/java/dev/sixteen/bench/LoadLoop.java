package dev.sixteen.bench;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Runs the slots on one thread, the way {@code loadgen.c} runs its epoll loop: waits for
 * ready connections, reconnects the slots whose connection ended, fails the exchanges
 * whose time is up, and once a second shows the progress.
 */
final class LoadLoop {

	private static final long SECOND = 1_000_000_000L;

	/** How often the loop looks for exchanges past their deadline. */
	private static final long SWEEP = 10_000_000L;

	private final BenchSettings settings;

	private final Progress progress;

	private final Selector selector;

	private final Tally tally;

	private final Slot[] slots;

	private final ArrayDeque<Slot> closed;

	private final Consumer<SelectionKey> onReady = this::ready;

	private boolean measuring;

	private boolean enough;

	private LoadLoop(BenchSettings settings, Progress progress, Selector selector, long start) {
		this.settings = settings;
		this.progress = progress;
		this.selector = selector;
		this.tally = new Tally(start);
		this.slots = new Slot[settings.connections()];
		for (int i = 0; i < this.slots.length; i++) {
			this.slots[i] = new Slot(settings, selector, this.tally);
		}
		this.closed = new ArrayDeque<>(Arrays.asList(this.slots));
	}

	/**
	 * Loads the server for the warm-up and then the measured duration.
	 * @param settings what to do
	 * @param progress where the progress goes
	 * @return the figures, warm-up excluded
	 * @throws IOException if no selector could be opened
	 */
	static Summary run(BenchSettings settings, Progress progress) throws IOException {
		try (Selector selector = Selector.open()) {
			LoadLoop loop = new LoadLoop(settings, progress, selector, System.nanoTime());
			try {
				return loop.run();
			}
			finally {
				for (Slot slot : loop.slots) {
					slot.close();
				}
				progress.clear();
			}
		}
	}

	private Summary run() throws IOException {
		long start = System.nanoTime();
		long measureFrom = start + this.settings.warmup().toNanos();
		long end = measureFrom + this.settings.duration().toNanos();
		long nextTick = start + SECOND;
		long nextSweep = start + SWEEP;
		long tickedAt = start;
		long ticked = 0;
		this.measuring = measureFrom == start;
		for (;;) {
			long now = System.nanoTime();
			if (!this.measuring && now - measureFrom >= 0) {
				this.tally.restart(now);
				this.measuring = true;
			}
			if (this.measuring && (now - end >= 0 || this.enough)) {
				return this.tally.summarize(now, this.settings);
			}
			if (now - nextTick >= 0) {
				long total = this.tally.totalExchanges();
				long rate = Math.round((total - ticked) * 1e9 / (now - tickedAt));
				this.progress.show((nextTick - start) / SECOND, rate, this.tally.failures(), !this.measuring);
				tickedAt = now;
				ticked = total;
				nextTick += SECOND;
			}
			if (now - nextSweep >= 0) {
				sweep(now);
				nextSweep = now + SWEEP;
			}
			reopen();
			long until = Math.min(Math.min(nextTick, nextSweep), this.measuring ? end : measureFrom);
			if (this.closed.isEmpty()) {
				this.selector.select(this.onReady, Math.max(1, (until - now) / 1_000_000));
			}
			else {
				this.selector.selectNow(this.onReady);
			}
		}
	}

	private void ready(SelectionKey key) {
		if (this.enough) {
			return;
		}
		Slot slot = (Slot) key.attachment();
		if (!slot.ready(System.nanoTime())) {
			this.closed.add(slot);
		}
		this.enough = this.measuring && this.tally.exchanges() >= this.settings.maxExchanges();
	}

	private void reopen() {
		for (int n = this.closed.size(); n > 0; n--) {
			Slot slot = this.closed.poll();
			if (!slot.open(System.nanoTime())) {
				this.closed.add(slot);
			}
		}
	}

	private void sweep(long now) {
		for (Slot slot : this.slots) {
			if (slot.expired(now)) {
				this.closed.add(slot);
			}
		}
	}

}
