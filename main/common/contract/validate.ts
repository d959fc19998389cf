/**
 * Validation of request parameters at every trust boundary (IPC, WebSocket). Pure: no Node,
 * no Electron. A bad request gets a one-line error naming what was wrong.
 */
import { MAX_INTERVAL_MS, MIN_INTERVAL_MS } from './messages';
import { HISTORY_LIMIT_MAX, REQUEST_CHANNELS, type RequestName, type RequestParams } from './requests';

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
/** Connection ids are the monitor's own short strings (`c123`). */
const CONNECTION_ID_MAX_LENGTH = 64;

/** One validator per request: a request without one is a type error. */
const VALIDATORS: { [K in RequestName]: (p: Params) => RequestParams<K> } = {
  requestSnapshot: (p) => (p.only(), {}),
  setPaused: (p) => ({ paused: p.only('paused').boolean('paused') }),
  setIntervalMs: (p) => ({ intervalMs: p.only('intervalMs').integer('intervalMs', MIN_INTERVAL_MS, MAX_INTERVAL_MS) }),
  setResolveNames: (p) => ({ resolve: p.only('resolve').boolean('resolve') }),
  pollNow: (p) => (p.only(), {}),
  getProcess: (p) => ({ pid: p.only('pid').integer('pid', 0, PID_MAX) }),
  getHistory: (p) => {
    const limit = p.only('pid', 'limit').integer('limit', 1, HISTORY_LIMIT_MAX);
    const pid = p.optionalInteger('pid', 0, PID_MAX);
    return pid === undefined ? { limit } : { pid, limit };
  },
  getSession: (p) => (p.only(), {}),
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
