/**
 * The worker's (inode, pid) pairs, shared as it finds them, so that the scanning thread can
 * take them in between its own fds rather than all at the end (a message would also wait for
 * a turn of its event loop). Int32 slots: 0 = ints published, 1 = done (1: all pairs are in
 * the channel, 2: more come with the reply), then the pairs.
 */
export const CHANNEL_PUBLISHED = 0;
export const CHANNEL_DONE = 1;
export const CHANNEL_HEADER = 2;
/** Pairs the channel holds (2 MB); a worker that finds more sends the rest with its reply. */
export const CHANNEL_PAIRS = 1 << 18;
/** How long the scanning thread blocks for the worker's last pairs before awaiting its reply instead. */
export const CHANNEL_WAIT_MS = 1000;
