/**
 * How a snapshot crosses. At 100 000 rows one message of plain JSON is ~38 MB: Chromium takes most
 * of a second just to receive it here, and the page then spends one long task (over half a second)
 * parsing it before it can show anything. So a snapshot crosses
 *   - compact: each connection an array of values, the row's keys once per message (WireRows);
 *   - in parts of SNAPSHOT_ROWS_PER_MESSAGE rows, each parsed and shown in a task of its own, so
 *     the first rows are on screen before the last have arrived.
 * Every reader decodes it here; `list --json` and the README's row format are not this.
 */
import type { TrackedConnection } from './events';
import {
  decodeJson,
  encodeJson,
  type Json,
  type ServerMessage,
  type SnapshotMessage,
  type SnapshotRowsMessage,
  type WireConnection,
  type WireMessage,
  type WireRows,
} from './messages';
import type { TcpRow } from '../types';

/** Rows per message: ~1.5 MB of JSON, parsed in about ten milliseconds. */
export const SNAPSHOT_ROWS_PER_MESSAGE = 10_000;

export type SnapshotWire = WireMessage<SnapshotMessage>;
export type SnapshotRowsWire = WireMessage<SnapshotRowsMessage>;

/** A snapshot as it is sent: its head message (with the first rows), then the rest of its rows. */
export type SnapshotTexts = readonly [Json<SnapshotWire>, ...Json<SnapshotRowsWire>[]];

export function encodeSnapshot(message: SnapshotMessage, rowsPerMessage = SNAPSHOT_ROWS_PER_MESSAGE): SnapshotTexts {
  const { connections, ...head } = message;
  const first = connections.slice(0, rowsPerMessage);
  const rowsToFollow = connections.length - first.length;
  const texts: [Json<SnapshotWire>, ...Json<SnapshotRowsWire>[]] = [
    encodeJson<SnapshotWire>({ ...head, rows: encodeRows(first), rowsToFollow }),
  ];
  for (let start = rowsPerMessage; start < connections.length; start += rowsPerMessage) {
    const rows = encodeRows(connections.slice(start, start + rowsPerMessage));
    texts.push(encodeJson<SnapshotRowsWire>({ type: 'snapshotRows', epoch: message.epoch, seq: message.seq, rows }));
  }
  return texts;
}

export function decodeSnapshotHead(text: Json<SnapshotWire>): SnapshotMessage {
  return fromWire<SnapshotMessage>(decodeJson(text));
}

export function decodeSnapshotRows(text: Json<SnapshotRowsWire>): SnapshotRowsMessage {
  return fromWire<SnapshotRowsMessage>(decodeJson(text));
}

/** Any push message's text as a reader of the whole stream wants it: a snapshot's compact rows decoded into connections. */
export function decodeServerMessage(text: Json<WireMessage<ServerMessage>>): ServerMessage {
  const message = decodeJson(text);
  if (message.type === 'snapshot') return fromWire<SnapshotMessage>(message);
  if (message.type === 'snapshotRows') return fromWire<SnapshotRowsMessage>(message);
  return message;
}

/** A parsed snapshot message (head or rows) with its rows as connections. */
function fromWire<M extends SnapshotMessage | SnapshotRowsMessage>(wire: WireMessage<M>): M {
  const { rows, ...rest } = wire;
  return { ...rest, connections: decodeRows(rows) } as unknown as M;
}

/** The whole snapshot again, for a reader that needs the table at once (metrics, tests). */
export function decodeSnapshot(texts: SnapshotTexts): SnapshotMessage {
  const [head, ...rest] = texts;
  const message = decodeSnapshotHead(head);
  const connections = [message.connections, ...rest.map((text) => decodeSnapshotRows(text).connections)].flat();
  return { ...message, connections, rowsToFollow: 0 };
}

export function encodeRows(connections: readonly TrackedConnection[]): WireRows {
  const shapes: (keyof TcpRow)[][] = [];
  const shapeIds = new Map<string, number>();
  // Rows of one source share their keys: one shape is usually all there is.
  let lastKeys: (keyof TcpRow)[] = [];
  let lastShape = -1;
  const wire = connections.map(({ id, row, firstSeenAt, lastTransition, lastOwner }): WireConnection => {
    const keys = Object.keys(row) as (keyof TcpRow)[];
    if (!sameKeys(keys, lastKeys)) {
      const signature = keys.join(',');
      let shape = shapeIds.get(signature);
      if (shape === undefined) {
        shape = shapes.push(keys) - 1;
        shapeIds.set(signature, shape);
      }
      lastKeys = keys;
      lastShape = shape;
    }
    const values = keys.map((key) => row[key]);
    return [id, firstSeenAt, lastTransition, lastOwner ?? null, lastShape, ...values];
  });
  return { shapes, connections: wire };
}

export function decodeRows({ shapes, connections }: WireRows): TrackedConnection[] {
  return connections.map((wire) => {
    const keys = shapes[wire[4]];
    const row: Partial<Record<keyof TcpRow, TcpRow[keyof TcpRow]>> = {};
    for (let i = 0; i < keys.length; i++) row[keys[i]] = wire[5 + i] as TcpRow[keyof TcpRow];
    // Taken on trust as JSON.parse's output is: the monitor wrote these keys with these values.
    const connection: TrackedConnection = { id: wire[0], row: row as TcpRow, firstSeenAt: wire[1], lastTransition: wire[2] };
    if (wire[3] !== null) connection.lastOwner = wire[3];
    return connection;
  });
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
