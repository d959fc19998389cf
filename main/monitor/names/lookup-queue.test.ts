import { describe, expect, it } from 'vitest';
import { LookupQueue } from './lookup-queue';

/** A lookup the test answers by hand (the real one, getnameinfo, is what the kernel tests use). */
function manualLookup() {
  const calls: string[] = [];
  const answers = new Map<string, (host: string | null) => void>();
  let running = 0;
  let maxRunning = 0;
  return {
    calls,
    get maxRunning() {
      return maxRunning;
    },
    lookup: (address: string) =>
      new Promise<string | null>((resolve) => {
        calls.push(address);
        maxRunning = Math.max(maxRunning, ++running);
        answers.set(address, (host) => {
          running--;
          resolve(host);
        });
      }),
    answer(address: string, host: string | null) {
      const answer = answers.get(address);
      if (!answer) throw new Error(`${address} is not being looked up`);
      answers.delete(address);
      answer(host);
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

function queueWith(maxInFlight?: number) {
  const lookup = manualLookup();
  const wanted = new Set<string>();
  const answered: [string, string | null][] = [];
  const queue = new LookupQueue({
    lookup: lookup.lookup,
    wanted: (a) => wanted.has(a),
    answered: (a, h) => answered.push([a, h]),
    maxInFlight,
  });
  const add = (...addresses: string[]) => {
    for (const a of addresses) {
      wanted.add(a);
      queue.add(a);
    }
  };
  return { lookup, wanted, answered, queue, add };
}

describe('LookupQueue', () => {
  it('runs at most 2 lookups at once by default, taking the rest in order as they finish', async () => {
    const { lookup, answered, add } = queueWith();
    add('10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4');
    expect(lookup.calls).toEqual(['10.0.0.1', '10.0.0.2']);
    lookup.answer('10.0.0.2', 'b');
    await settle();
    expect(lookup.calls).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    lookup.answer('10.0.0.1', null);
    lookup.answer('10.0.0.3', 'c');
    await settle();
    lookup.answer('10.0.0.4', 'd');
    await settle();
    expect(lookup.maxRunning).toBe(2);
    expect(answered).toEqual([
      ['10.0.0.2', 'b'],
      ['10.0.0.1', null],
      ['10.0.0.3', 'c'],
      ['10.0.0.4', 'd'],
    ]);
  });

  it('takes its bound from the options', async () => {
    const { lookup, add } = queueWith(5);
    add(...Array.from({ length: 20 }, (_, i) => `10.0.1.${i}`));
    expect(lookup.calls).toHaveLength(5);
    expect(lookup.maxRunning).toBe(5);
  });

  it('looks an address up once however often it is asked for, queued or running', async () => {
    const { lookup, queue, add } = queueWith(1);
    add('10.0.0.1', '10.0.0.2', '10.0.0.2', '10.0.0.1');
    expect(queue.size).toBe(2);
    lookup.answer('10.0.0.1', 'a');
    await settle();
    lookup.answer('10.0.0.2', 'b');
    await settle();
    expect(lookup.calls).toEqual(['10.0.0.1', '10.0.0.2']);
    add('10.0.0.1'); // answered: a later ask is a new lookup (the cache is the caller's)
    expect(lookup.calls).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.1']);
  });

  it('drops an address that is no longer wanted when its turn comes', async () => {
    const { lookup, wanted, answered, add } = queueWith(1);
    add('10.0.0.1', '10.0.0.2', '10.0.0.3');
    wanted.delete('10.0.0.2'); // its connections closed while it waited
    lookup.answer('10.0.0.1', 'a');
    await settle();
    expect(lookup.calls).toEqual(['10.0.0.1', '10.0.0.3']);
    lookup.answer('10.0.0.3', 'c');
    await settle();
    expect(answered.map(([a]) => a)).toEqual(['10.0.0.1', '10.0.0.3']);
  });

  it('counts a failed lookup as no name and goes on', async () => {
    const answered: [string, string | null][] = [];
    const queue = new LookupQueue({
      lookup: async (a) => {
        if (a === '10.0.0.1') throw new Error('EAI_AGAIN');
        return 'b';
      },
      wanted: () => true,
      answered: (a, h) => answered.push([a, h]),
    });
    queue.add('10.0.0.1');
    queue.add('10.0.0.2');
    await settle();
    expect(answered).toEqual([
      ['10.0.0.1', null],
      ['10.0.0.2', 'b'],
    ]);
  });

  it('once cleared, starts nothing queued and drops the answers of lookups that were running', async () => {
    const { lookup, answered, queue, add } = queueWith(1);
    add('10.0.0.1', '10.0.0.2');
    queue.clear();
    expect(queue.size).toBe(0);
    add('10.0.0.3'); // waits: the running lookup still holds its thread
    expect(lookup.calls).toEqual(['10.0.0.1']);
    lookup.answer('10.0.0.1', 'a');
    await settle();
    expect(lookup.calls).toEqual(['10.0.0.1', '10.0.0.3']);
    lookup.answer('10.0.0.3', 'c');
    await settle();
    expect(answered).toEqual([['10.0.0.3', 'c']]);
  });
});
