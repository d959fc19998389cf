import type { ResourceLimits } from 'node:worker_threads';

/**
 * The V8 heap of the monitor's worker threads (poll and history). V8 lets the old generation grow
 * to the live heap times a factor before a major GC, and takes that factor from the heap's
 * maximum size: up to 4 for a heap of 2 GB or more (a worker otherwise inherits the process's
 * limit, ~4 GB here), scaling down to 1.3 for small ones. The poll worker promotes garbage all
 * the time (every event passes through the ring, every connection lives a minute in TIME_WAIT),
 * so under churn its old space swung 13 → 44 MB between major GCs and its heap reached ~100 MB,
 * most of the serve process's RSS swing. At 1 GB the factor is ~1.6 and the swing smaller.
 *
 * 1 GB is also a hard limit: a worker past it ends (ERR_WORKER_OUT_OF_MEMORY) and the host
 * starts a fresh one. It is ~4× the largest heap seen: the 100 000-event ring of a monitor that
 * records nothing held ~250 MB.
 */
export const WORKER_RESOURCE_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 1024 };
