import { describe, expect, it } from 'vitest';
import { DENIED_TTL_POLLS, ProcessCache, type ProcessQuery } from './process-cache';

/** Processes by PID; `denied` ones exist (Toolhelp lists them) but OpenProcess fails, as for SYSTEM unelevated. */
class FakeProcesses implements ProcessQuery {
  procs = new Map<number, { creation: bigint; path: string }>([[600, { creation: 2n, path: 'C:\\b\\browser.exe' }]]);
  denied = new Map<number, string>([[900, 'lsass.exe']]);
  parents = new Map<number, number>();
  queries: number[] = [];
  snapshots = 0;
  query(pid: number, wantPath: (c: bigint | null) => boolean) {
    this.queries.push(pid);
    const p = this.procs.get(pid);
    if (!p) return null;
    const want = wantPath(p.creation);
    return { creation: p.creation, path: want ? p.path : null, user: want ? 'HOST\\user' : null };
  }
  processList() {
    this.snapshots++;
    const names = new Map([...this.procs].map(([pid, p]) => [pid, p.path.slice(p.path.lastIndexOf('\\') + 1)]));
    for (const [pid, name] of this.denied) names.set(pid, name);
    return new Map([...names].map(([pid, name]) => [pid, { name, parentPid: this.parents.get(pid) ?? 0 }]));
  }
}

function poll(cache: ProcessCache, pids: number[]) {
  const resolved = cache.resolve(pids);
  return pids.map((pid) => resolved.get(pid)?.name ?? null);
}

describe('ProcessCache', () => {
  it('a denied PID costs one Toolhelp snapshot across several polls, still one OpenProcess each', () => {
    const os = new FakeProcesses();
    const cache = new ProcessCache(os);
    for (let i = 0; i < DENIED_TTL_POLLS; i++) expect(poll(cache, [600, 900])).toEqual(['browser.exe', 'lsass.exe']);
    expect(os.snapshots).toBe(1);
    expect(os.queries.filter((pid) => pid === 900)).toHaveLength(DENIED_TTL_POLLS);
  });

  it('an expired denied entry is looked up again: a PID reused by another denied process gets its name', () => {
    const os = new FakeProcesses();
    const cache = new ProcessCache(os);
    poll(cache, [900]);
    os.denied.set(900, 'csrss.exe');
    for (let i = 1; i < DENIED_TTL_POLLS; i++) expect(poll(cache, [900])).toEqual(['lsass.exe']);
    expect(os.snapshots).toBe(1);
    expect(poll(cache, [900])).toEqual(['csrss.exe']);
    expect(os.snapshots).toBe(2);
  });

  it('a snapshot taken for another PID relabels a reused denied PID at once', () => {
    const os = new FakeProcesses();
    const cache = new ProcessCache(os);
    poll(cache, [900]);
    os.denied.set(900, 'csrss.exe');
    os.denied.set(901, 'services.exe'); // new and denied: needs a snapshot this poll
    expect(poll(cache, [900, 901])).toEqual(['csrss.exe', 'services.exe']);
    expect(os.snapshots).toBe(2);
    poll(cache, [900, 901]);
    expect(os.snapshots).toBe(2);
  });

  it('a denied PID reused by a process that can be opened gets the new name without a snapshot', () => {
    const os = new FakeProcesses();
    const cache = new ProcessCache(os);
    poll(cache, [900]);
    os.denied.delete(900);
    os.procs.set(900, { creation: 7n, path: 'C:\\apps\\editor.exe' });
    expect(poll(cache, [900])).toEqual(['editor.exe']);
    expect(os.snapshots).toBe(1);
  });

  it('a PID neither opened nor in the snapshot (gone) is not cached, and a PID that left the table is forgotten', () => {
    const os = new FakeProcesses();
    const cache = new ProcessCache(os);
    expect(poll(cache, [1234])).toEqual([null]);
    expect(poll(cache, [1234])).toEqual([null]);
    expect(os.snapshots).toBe(2);
    poll(cache, [900]);
    poll(cache, [600]);
    poll(cache, [900]);
    expect(os.snapshots).toBe(4);
  });

  it('info() of a denied PID reads a fresh snapshot', () => {
    const os = new FakeProcesses();
    const cache = new ProcessCache(os);
    poll(cache, [900]);
    os.denied.set(900, 'csrss.exe');
    expect(cache.info(900)).toMatchObject({ name: 'csrss.exe', exePath: null, startedAt: null });
    expect(os.snapshots).toBe(2);
  });

  it('info() names the parent from the snapshot, unless its pid now belongs to a younger process (Windows does not reparent)', () => {
    const os = new FakeProcesses();
    os.procs.set(300, { creation: 1n, path: 'C:\\Windows\\explorer.exe' });
    os.parents.set(600, 300);
    const cache = new ProcessCache(os);
    expect(cache.info(600)).toMatchObject({ parentPid: 300, parentName: 'explorer.exe' });
    os.procs.set(300, { creation: 5n, path: 'C:\\other\\late.exe' }); // started after browser.exe (2n)
    expect(cache.info(600)).toMatchObject({ parentPid: 300, parentName: null });
    os.parents.set(600, 4);
    expect(cache.info(600)).toMatchObject({ parentPid: 4, parentName: 'System' });
  });
});
