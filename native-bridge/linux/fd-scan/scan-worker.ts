import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { LIBC_SONAME, bindFdCalls } from '../libc';
import { CHANNEL_LAYOUT } from './pair-channel';
import { openPairWriter } from './pair-writer';
import { scanProcFds } from './scan-loop';
import { SCAN_LAYOUT } from './scan-state';

/**
 * The worker's program: binds libc, then scans every state it is sent, publishing (inode, pid)
 * pairs into the channel sent with it. Built from source text and JSON literals because a
 * bundler cannot give a worker a second entry file here without build configuration.
 */
function workerSource(): string {
  return `'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const bindFdCalls = (${bindFdCalls.toString()});
const scanProcFds = (${scanProcFds.toString()});
const openPairWriter = (${openPairWriter.toString()});
const SCAN_LAYOUT = Object.freeze(${JSON.stringify(SCAN_LAYOUT)});
const CHANNEL_LAYOUT = Object.freeze(${JSON.stringify(CHANNEL_LAYOUT)});
const calls = bindFdCalls(require(workerData.koffiPath).load(${JSON.stringify(LIBC_SONAME)}));
parentPort.on('message', ({ id, state, procRootFd, channel }) => {
  const pairs = openPairWriter(CHANNEL_LAYOUT, channel);
  scanProcFds(SCAN_LAYOUT, calls, state, procRootFd, pairs.visit);
  const found = pairs.close();
  parentPort.postMessage({ id, found }, [found.buffer]);
});`;
}

/**
 * One scan worker per process, shared by every scanner in it and ended with the last one:
 * a process needs no more than one helper thread, and a source created later (after a
 * failure, or a second window) finds it already started (~20 ms saved).
 */
export class ScanWorker {
  private static current: ScanWorker | null = null;
  private readonly worker: Worker;
  private readonly pending = new Map<number, (found: Uint32Array | null) => void>();
  private users = 0;
  private nextId = 1;
  private alive = true;

  /** The process's worker, started if need be; null where koffi's location is unknown. */
  static acquire(): ScanWorker | null {
    if (!ScanWorker.current?.alive) {
      const koffiPath = koffiLocation();
      if (koffiPath === null) return null;
      ScanWorker.current = new ScanWorker(koffiPath);
    }
    ScanWorker.current.users++;
    return ScanWorker.current;
  }

  private constructor(koffiPath: string) {
    this.worker = new Worker(workerSource(), { eval: true, workerData: { koffiPath } });
    this.worker.unref(); // never keeps the process alive
    this.worker.on('message', ({ id, found }: { id: number; found: Uint32Array }) => this.settle(id, found));
    this.worker.on('error', () => this.end());
    this.worker.on('exit', () => this.end());
  }

  get usable(): boolean {
    return this.alive;
  }

  /**
   * Starts a scan of `state`, publishing pairs into `channel`; resolves with the pairs that did
   * not fit there, or null if the worker died.
   */
  scan(state: Int32Array, procRootFd: number, channel: Int32Array): Promise<Uint32Array | null> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ id, state, procRootFd, channel });
    });
  }

  release(): void {
    if (--this.users === 0) this.end();
  }

  private settle(id: number, found: Uint32Array | null): void {
    this.pending.get(id)?.(found);
    this.pending.delete(id);
  }

  private end(): void {
    if (!this.alive) return;
    this.alive = false;
    if (ScanWorker.current === this) ScanWorker.current = null;
    for (const id of [...this.pending.keys()]) this.settle(id, null);
    void this.worker.terminate();
  }
}

/** Where koffi is, for the worker's eval'd code, which has no module location of its own; null if unknown (no worker then). */
function koffiLocation(): string | null {
  try {
    return createRequire(import.meta.url).resolve('koffi');
  } catch {
    return null;
  }
}
