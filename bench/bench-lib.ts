// What the benchmark drives in-process, bundled by bench/bundle-source.mjs like a production build.
export { createDataSource } from '../native-bridge';
export { Monitor } from '../main/monitor/monitor';
export { MonitorHost } from '../main/monitor/monitor-host';
export { Fanout } from '../main/transport/fanout';
export { startWebShell } from '../main/server/web-shell';
export { SockDiagClient } from '../native-bridge/linux/netlink';

const NLMSG_DONE = 3;

/**
 * For the bench's floor: whether a dump datagram holds NLMSG_DONE, reading only the netlink
 * headers (no socket is decoded), so timing a dump with it is the kernel's part alone.
 */
export function holdsDone(chunk: Uint8Array, length: number): boolean {
  const view = new DataView(chunk.buffer, chunk.byteOffset, length);
  for (let off = 0; off + 16 <= length;) {
    const len = view.getUint32(off, true);
    if (view.getUint16(off + 4, true) === NLMSG_DONE) return true;
    if (len < 16) return false;
    off += (len + 3) & ~3;
  }
  return false;
}
export { Recorder } from '../main/monitor/history/recorder';
export { Recording } from '../main/monitor/history/recording';
export { encodeJson } from '../main/common/contract/messages';
export { decodeServerMessage, encodeSnapshot } from '../main/common/contract/snapshot-parts';
export { SockscopeMetrics } from '../main/server/metrics/sockscope-metrics';
