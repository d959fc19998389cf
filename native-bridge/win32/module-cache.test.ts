import { describe, expect, it } from 'vitest';
import { ModuleCache, type ModuleSlot } from './module-cache';
import { FakeModules } from './testing/fake-os';

const row = (pid: number) => () => {
  const b = Buffer.alloc(160);
  b.writeUInt32LE(pid, 20);
  return b;
};

describe('ModuleCache', () => {
  it('keeps the answers of live connections and forgets those of closed ones within a few polls', () => {
    const os = new FakeModules();
    const cache = new ModuleCache(os);
    cache.begin(10);
    const live = cache.slot('ipv4', 600, 1n, 'a', row(600)) as ModuleSlot;
    cache.slot('ipv4', 601, 1n, 'b', row(601));
    cache.end();
    expect(os.lookups).toHaveLength(2);
    // Connection b closes; a stays, and the source touches its slot every poll.
    for (let poll = 0; poll < 40; poll++) {
      cache.begin(10);
      expect(cache.touch(live)).toBe('pid600.dll');
      cache.end();
    }
    cache.begin(10);
    expect(cache.slot('ipv4', 600, 1n, 'a', row(600))).toBe(live);
    cache.slot('ipv4', 601, 1n, 'b', row(601)); // gone meanwhile: asked again
    cache.end();
    expect(os.lookups.map((l) => l.pid)).toEqual([600, 601, 601]);
  });

  it('has no answer to give, and asks nothing, for PID 0 and 4 or without the export', () => {
    const os = new FakeModules();
    const cache = new ModuleCache(os);
    cache.begin(10);
    expect(cache.slot('ipv4', 0, 1n, 'a', row(0))?.label).toBeNull();
    expect(cache.slot('ipv4', 4, 1n, 'b', row(4))?.label).toBeNull();
    os.exported = false;
    expect(cache.slot('ipv4', 600, 1n, 'c', row(600))?.label).toBeNull();
    expect(os.lookups).toEqual([]);
  });
});
