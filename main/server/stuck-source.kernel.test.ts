// A read that never returns — /proc/net/tcp replaced by a FIFO under --proc-root — is reported in
// the status after the poll's deadline, while the web shell goes on giving snapshots and answering
// requests; the table comes once the read returns.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonitorStatus, SnapshotMessage } from '../common/contract/messages';
import { ServeProcess } from '../../e2e/support/serve-process';
import { connectFrames } from '../../e2e/support/ws-frames';

const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
const LISTENER_8080 =
  '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0';

describe('a poll whose read never returns', () => {
  let root: string;
  let serve: ServeProcess;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sockscope-fifo-'));
    fs.mkdirSync(path.join(root, 'net'));
    execFileSync('mkfifo', [path.join(root, 'net', 'tcp')]);
    fs.writeFileSync(path.join(root, 'net', 'tcp6'), `${HEADER}\n`);
    serve = await ServeProcess.start(['--port', '0', '--interval', '500', '--proc', '--proc-root', root]);
  });
  afterAll(async () => {
    await serve.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('is reported stuck, where; snapshots and requests are still answered; the table comes when the read returns', async () => {
    const client = await connectFrames(serve);
    const stuck = (f: { type: string; status?: MonitorStatus }) =>
      f.status?.error?.message.startsWith('poll stuck for 5 s') === true;
    const report = await client.next((f) => 'status' in f && stuck(f as { type: string; status?: MonitorStatus }));
    expect((report as { status: MonitorStatus }).status.error?.message).toBe(
      `poll stuck for 5 s reading ${path.join(root, 'net', 'tcp')}`,
    );
    // A client that connects now gets its snapshot, and a request its answer.
    const late = await connectFrames(serve);
    await late.next((f) => f.type === 'snapshot');
    late.ws.send(JSON.stringify({ id: 7, method: 'getProcess', params: { pid: 1 } }));
    expect(await late.next((f) => f.type === 'response' && f.id === 7)).toMatchObject({ ok: true });

    // The read returns: its rows are the starting table (a fresh snapshot), and the error clears.
    fs.writeFileSync(path.join(root, 'net', 'tcp'), `${HEADER}\n${LISTENER_8080}\n`);
    const table = (await late.next(
      (f) => f.type === 'snapshot' && f.status.error === null && f.connections.some((c) => c.row.localPort === 8080),
    )) as SnapshotMessage;
    expect(table.connections.find((c) => c.row.localPort === 8080)?.row.state).toBe('LISTEN');
    client.ws.close();
    late.ws.close();
  }, 30_000);
});
