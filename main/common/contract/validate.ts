/**
 * Validation of request parameters at every trust boundary (IPC, WebSocket). Pure: no Node,
 * no Electron. A bad request gets a one-line error naming what was wrong.
 */
import { TCP_STATES, type TcpState } from '../types';
import { isoTime, parseIsoTime } from '../time-text';
import { MAX_INTERVAL_MS, MENU_COMMANDS, MIN_INTERVAL_MS, type MenuCommand } from './messages';
import {
  HISTORY_LIMIT_MAX,
  REQUEST_CHANNELS,
  TIMELINE_BUCKETS_MAX,
  type HistoryQuery,
  type RequestName,
  type RequestParams,
} from './requests';

export class InvalidRequestError extends Error {}

type RawParams = Record<string, unknown>;

/** Reads one request's parameters; each check names the request in its error. */
class Params {
  constructor(
    private readonly method: RequestName,
    readonly raw: RawParams,
  ) {}

  fail(what: string): never {
    throw new InvalidRequestError(`invalid ${this.method} request: ${what}`);
  }

  /** Refuses any parameter not named. */
  only(...allowed: string[]): this {
    const extra = Object.keys(this.raw).filter((k) => !allowed.includes(k));
    if (extra.length > 0) this.fail(`unknown parameter ${extra.map((k) => `'${k}'`).join(', ')}`);
    return this;
  }

  boolean(name: string): boolean {
    const value = this.raw[name];
    if (typeof value !== 'boolean') this.fail(`${name} must be true or false`);
    return value;
  }

  integer(name: string, min: number, max: number): number {
    const value = this.raw[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(`${name} must be an integer from ${min} to ${max}, got ${shown(value)}`);
    }
    return value;
  }

  optionalInteger(name: string, min: number, max: number): number | undefined {
    return this.raw[name] === undefined ? undefined : this.integer(name, min, max);
  }

  optionalBoolean(name: string): boolean | undefined {
    return this.raw[name] === undefined ? undefined : this.boolean(name);
  }

  /** A non-empty string of at most `maxLength` characters. */
  string(name: string, maxLength: number): string {
    const value = this.raw[name];
    if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
      this.fail(`${name} must be a string of 1 to ${maxLength} characters, got ${shown(value)}`);
    }
    return value;
  }

  optionalString(name: string, maxLength: number): string | undefined {
    return this.raw[name] === undefined ? undefined : this.string(name, maxLength);
  }

  /** An ISO-8601 time, returned as `toISOString()` writes it. */
  time(name: string): string {
    const value = this.raw[name];
    const ms = typeof value === 'string' && value.length <= TIME_MAX_LENGTH ? parseIsoTime(value) : null;
    if (ms === null) this.fail(`${name} must be an ISO-8601 time such as 2026-11-01T14:02:31Z, got ${shown(value)}`);
    return isoTime(ms);
  }

  optionalTime(name: string): string | undefined {
    return this.raw[name] === undefined ? undefined : this.time(name);
  }

  optionalState(name: string): TcpState | undefined {
    const value = this.raw[name];
    if (value === undefined) return undefined;
    if (!TCP_STATES.includes(value as TcpState))
      this.fail(`${name} must be one of ${TCP_STATES.join(', ')}, got ${shown(value)}`);
    return value as TcpState;
  }

  /** `since` before `until`, where both are given. */
  ordered(since: string | undefined, until: string | undefined): void {
    if (since !== undefined && until !== undefined && Date.parse(since) > Date.parse(until)) {
      this.fail(`since (${since}) is after until (${until})`);
    }
  }
}

/** Leaves out the fields a query did not give, so a parsed request has only what was asked. */
function defined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

/**
 * A bad value as an error shows it: scalars as JSON, cut short; arrays and objects by kind,
 * never serialised (a value nested 30 000 deep would overflow the stack doing it).
 */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

const PID_MAX = 2 ** 32 - 1;
const SEQ_MAX = Number.MAX_SAFE_INTEGER;
const TIME_MAX_LENGTH = 40;
/** Process names, addresses and search text: long enough for any, short enough to refuse junk. */
const TEXT_MAX_LENGTH = 256;
/** Connection ids are the monitor's own short strings (`c123`). */
const CONNECTION_ID_MAX_LENGTH = 64;

/** One validator per request: a request without one is a type error. */
const VALIDATORS: { [K in RequestName]: (p: Params) => RequestParams<K> } = {
  requestSnapshot: (p) => (p.only(), {}),
  setIntervalMs: (p) => ({ intervalMs: p.only('intervalMs').integer('intervalMs', MIN_INTERVAL_MS, MAX_INTERVAL_MS) }),
  setResolveNames: (p) => ({ resolve: p.only('resolve').boolean('resolve') }),
  pollNow: (p) => (p.only(), {}),
  getProcess: (p) => ({ pid: p.only('pid').integer('pid', 0, PID_MAX) }),
  getHistory: (p) => {
    p.only('since', 'until', 'pid', 'process', 'remote', 'port', 'state', 'text', 'beforeSeq', 'limit');
    const query: HistoryQuery = defined({
      since: p.optionalTime('since'),
      until: p.optionalTime('until'),
      pid: p.optionalInteger('pid', 0, PID_MAX),
      process: p.optionalString('process', TEXT_MAX_LENGTH),
      remote: p.optionalString('remote', TEXT_MAX_LENGTH),
      port: p.optionalInteger('port', 0, 65535),
      state: p.optionalState('state'),
      text: p.optionalString('text', TEXT_MAX_LENGTH),
      beforeSeq: p.optionalInteger('beforeSeq', 1, SEQ_MAX),
      limit: p.integer('limit', 1, HISTORY_LIMIT_MAX),
    });
    p.ordered(query.since, query.until);
    return query;
  },
  getTimeline: (p) => {
    p.only('since', 'until', 'buckets');
    const query = { since: p.time('since'), until: p.time('until'), buckets: p.integer('buckets', 1, TIMELINE_BUCKETS_MAX) };
    if (Date.parse(query.since) >= Date.parse(query.until))
      p.fail(`since (${query.since}) must be before until (${query.until})`);
    return query;
  },
  getTableAt: (p) => ({ at: p.only('at').time('at') }),
  getProcessConnections: (p) => {
    p.only('pid', 'since', 'until');
    const query = defined({ pid: p.integer('pid', 0, PID_MAX), since: p.optionalTime('since'), until: p.optionalTime('until') });
    p.ordered(query.since, query.until);
    return query;
  },
  getSession: (p) => (p.only(), {}),
  restartElevated: (p) => (p.only(), {}),
  closeConnection: (p) => ({ id: p.only('id').string('id', CONNECTION_ID_MAX_LENGTH) }),
  endProcess: (p) => {
    const pid = p.only('pid', 'force').integer('pid', 0, PID_MAX);
    const force = p.optionalBoolean('force');
    return force === undefined ? { pid } : { pid, force };
  },
};

const isObject = (v: unknown): v is RawParams => typeof v === 'object' && v !== null && !Array.isArray(v);

export function isRequestName(value: unknown): value is RequestName {
  return typeof value === 'string' && Object.hasOwn(REQUEST_CHANNELS, value);
}

/** The request's parameters, checked; missing parameters are an empty object. */
export function parseRequestParams<K extends RequestName>(method: K, raw: unknown): RequestParams<K> {
  const params = new Params(method, isObject(raw) ? raw : {});
  if (raw !== undefined && raw !== null && !isObject(raw)) params.fail('parameters must be an object');
  return VALIDATORS[method](params);
}

/** A pushed menuCommand message's command, checked (the renderer runs only the listed ones). */
export function parseMenuCommand(text: string): MenuCommand {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    throw new InvalidRequestError('invalid menuCommand message: not JSON');
  }
  const command = isObject(message) ? message.command : undefined;
  if (!isObject(message) || message.type !== 'menuCommand' || !MENU_COMMANDS.includes(command as MenuCommand)) {
    throw new InvalidRequestError(
      `invalid menuCommand message: command must be one of ${MENU_COMMANDS.join(', ')}, got ${shown(command)}`,
    );
  }
  return command as MenuCommand;
}
