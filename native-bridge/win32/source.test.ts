import { describe, expect, it } from 'vitest';
import { ActionError } from '../../main/common/errors';
import type { TcpRow } from '../../main/common/types';
import { filetimeOf, v4, v6, writeFixture, writeTcpRow, type FixtureKind, type FixtureRow } from './testing/fixture-writer';
import type { TableKind } from './layouts';
import { FakeModules, FakeProcesses } from './testing/fake-os';
import { Win32Error } from './sizing';
import { createWin32Source, MODULE_LOOKUPS_PER_POLL, Win32Source } from './source';

const T1 = filetimeOf('2024-01-02T03:04:05.678Z');
const T2 = filetimeOf('2024-01-02T03:04:06.000Z');

const listener4: FixtureRow = { state: 2, local: v4('0.0.0.0'), localPort: 80, remote: v4('0.0.0.0'), remotePort: 0, pid: 500 };
const conn4: FixtureRow = {
  state: 5,
  local: v4('10.0.0.1'),
  localPort: 50000,
  remote: v4('10.0.0.2'),
  remotePort: 443,
  pid: 600,
};
const late4: FixtureRow = {
  state: 3,
  local: v4('10.0.0.1'),
  localPort: 50001,
  remote: v4('10.0.0.2'),
  remotePort: 443,
  pid: 600,
};
const conn6: FixtureRow = {
  state: 8,
  local: v6('fe80:0:0:0:0:0:0:1'),
  localPort: 8080,
  localScopeId: 12,
  remote: v6('fe80:0:0:0:0:0:0:2'),
  remotePort: 55555,
  remoteScopeId: 12,
  pid: 700,
};

type Tables = Partial<Record<TableKind, Buffer | Error>>;

function standardTables(): Tables {
  return {
    'tcp-table2': writeFixture('tcp-table2', [
      { ...listener4, offloadState: 0 },
      { ...conn4, offloadState: 2 },
    ]),
    'tcp-owner-module': writeFixture('tcp-owner-module', [
      { ...conn4, createTimestamp: T1 },
      { ...listener4, createTimestamp: T2 },
      { ...late4, createTimestamp: T2 },
    ]),
    'tcp6-table2': writeFixture('tcp6-table2', [{ ...conn6, offloadState: 3 }]),
    'tcp6-owner-module': writeFixture('tcp6-owner-module', [{ ...conn6, createTimestamp: T1 }]),
  };
}

/** The processes the tests' rows belong to. */
const testProcesses = () =>
  new FakeProcesses(
    new Map([
      [500, { creation: 1n, path: 'C:\\Windows\\System32\\svchost.exe', user: 'NT AUTHORITY\\LOCAL SERVICE' }],
      [600, { creation: 2n, path: 'C:\\Program Files\\Browser\\browser.exe', user: 'HOST\\alice' }],
      // Its token cannot be read (another user's process, unelevated): no user.
      [700, { creation: 3n, path: 'C:\\tools\\server.exe', user: null }],
    ]),
    // Toolhelp lists every process; the tests read names from it only where OpenProcess is denied.
    new Map([
      [800, 'protected.exe'],
      [500, 'svchost.exe'],
    ]),
    new Map([[800, 500]]),
  );
const testModules = (exported = true) => new FakeModules(exported, new Map([[500, 'Dnscache']]));

function source(tables: Tables, processes = testProcesses(), modules = testModules()) {
  const reads: TableKind[] = [];
  /** What SetTcpEntry was called with, and what it answers. */
  const setTcpEntry = { calls: [] as Buffer[], code: 0 };
  const src = new Win32Source({
    setTcpEntry(row) {
      setTcpEntry.calls.push(Buffer.from(row));
      return setTcpEntry.code;
    },
    readTable(kind) {
      reads.push(kind);
      const t = tables[kind];
      if (t === undefined) throw new Win32Error(kind, 50);
      if (t instanceof Error) throw t;
      return t;
    },
    processes,
    modules,
  });
  return { src, reads, processes, modules, setTcpEntry };
}

describe('Win32Source', () => {
  it('joins the state and OWNER_MODULE tables into one row per connection', async () => {
    const { src } = source(standardTables());
    const rows = await src.snapshot();
    expect(rows).toEqual([
      {
        family: 'ipv4',
        localAddress: '0.0.0.0',
        localPort: 80,
        remoteAddress: '0.0.0.0',
        remotePort: 0,
        state: 'LISTEN',
        pid: 500,
        processName: 'svchost.exe',
        offloadState: 'InHost',
        createdAt: '2024-01-02T03:04:06.000Z',
        module: 'Dnscache',
        user: 'NT AUTHORITY\\LOCAL SERVICE',
      },
      {
        family: 'ipv4',
        localAddress: '10.0.0.1',
        localPort: 50000,
        remoteAddress: '10.0.0.2',
        remotePort: 443,
        state: 'ESTABLISHED',
        pid: 600,
        processName: 'browser.exe',
        offloadState: 'Offloaded',
        createdAt: '2024-01-02T03:04:05.678Z',
        module: 'pid600.dll',
        user: 'HOST\\alice',
      },
      // Only in the OWNER_MODULE table (opened between the calls): still one row, no offload state.
      expect.objectContaining({ localPort: 50001, state: 'SYN_SENT', pid: 600, offloadState: null, processName: 'browser.exe' }),
      {
        family: 'ipv6',
        localAddress: 'fe80::1',
        localPort: 8080,
        localScopeId: 12,
        remoteAddress: 'fe80::2',
        remotePort: 55555,
        remoteScopeId: 12,
        state: 'CLOSE_WAIT',
        pid: 700,
        processName: 'server.exe',
        offloadState: 'Uploading',
        createdAt: '2024-01-02T03:04:05.678Z',
        module: 'pid700.dll',
        user: null,
      },
    ]);
    expect(src.kind).toBe('win32');
  });

  it('hands back the same row object for an unchanged connection, and a new one for a changed connection', async () => {
    const tables = standardTables();
    const { src, modules } = source(tables);
    const first = await src.snapshot();
    const second = await src.snapshot();
    expect(second).toEqual(first);
    second.forEach((row, i) => expect(row).toBe(first[i]));
    // conn4 goes to CLOSE_WAIT in both tables; the listener's process gets another name.
    tables['tcp-table2'] = writeFixture('tcp-table2', [
      { ...listener4, offloadState: 0 },
      { ...conn4, state: 8, offloadState: 2 },
    ]);
    tables['tcp-owner-module'] = writeFixture('tcp-owner-module', [
      { ...conn4, state: 8, createTimestamp: T1 },
      { ...listener4, createTimestamp: T2 },
      { ...late4, createTimestamp: T2 },
    ]);
    const third = await src.snapshot();
    expect(third[0]).toBe(second[0]);
    expect(third[1]).not.toBe(second[1]);
    expect([second[1].state, third[1].state]).toEqual(['ESTABLISHED', 'CLOSE_WAIT']); // the earlier row is left as it was
    expect(third[1]).toMatchObject({ module: 'pid600.dll', createdAt: '2024-01-02T03:04:05.678Z', processName: 'browser.exe' });
    expect(third.slice(2).every((row, i) => row === second[i + 2])).toBe(true);
    expect(modules.lookups).toHaveLength(4); // a new state is the same connection: its module is not asked again
  });

  it('a row whose process gets a new name is a new object; the old one keeps the old name', async () => {
    const processes = testProcesses();
    const { src } = source(standardTables(), processes);
    const first = await src.snapshot();
    processes.procs.set(500, { creation: 77n, path: 'C:\\other\\renamed.exe' });
    const second = await src.snapshot();
    expect(second[0]).not.toBe(first[0]);
    expect([first[0].processName, second[0].processName]).toEqual(['svchost.exe', 'renamed.exe']);
    expect(second[1]).toBe(first[1]);
  });

  it('falls back to GetTcp6Table (PID from the extended table) and to OWNER_PID when the module class fails', async () => {
    const tables: Tables = {
      'tcp-table2': writeFixture('tcp-table2', [conn4]),
      'tcp-owner-module': new Win32Error('GetExtendedTcpTable(AF_INET, TCP_TABLE_OWNER_MODULE_ALL)', 87),
      'tcp-owner-pid': writeFixture('tcp-owner-pid', [conn4]),
      'tcp6-table': writeFixture('tcp6-table', [conn6]),
      'tcp6-owner-pid': writeFixture('tcp6-owner-pid', [conn6]),
    };
    const { src, reads, modules } = source(tables);
    const rows = await src.snapshot();
    expect(reads).toEqual([
      'tcp-table2',
      'tcp-owner-module',
      'tcp-owner-pid',
      'tcp6-table2',
      'tcp6-table',
      'tcp6-owner-module',
      'tcp6-owner-pid',
    ]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ pid: 600, createdAt: null, module: null, offloadState: 'InHost' });
    expect(rows[1]).toMatchObject({ family: 'ipv6', pid: 700, processName: 'server.exe', offloadState: null, createdAt: null });
    expect(modules.lookups).toEqual([]);
    expect(src.description).toMatch(/MIB_TCP6TABLE, MIB_TCP6TABLE_OWNER_PID/);
    expect(src.description).toMatch(/ERROR_INVALID_PARAMETER \(87\)/);
  });

  const ipv4Failures = (): Tables => ({
    'tcp-table2': new Win32Error('GetTcpTable2', 50),
    'tcp-owner-module': new Win32Error('GetExtendedTcpTable(AF_INET, TCP_TABLE_OWNER_MODULE_ALL)', 87),
    'tcp-owner-pid': new Win32Error('GetExtendedTcpTable(AF_INET, TCP_TABLE_OWNER_PID_ALL)', 31),
  });
  const IPV4_UNAVAILABLE =
    'IPv4 table unavailable: GetTcpTable2 failed: ERROR_NOT_SUPPORTED (50); ' +
    'GetExtendedTcpTable(AF_INET, TCP_TABLE_OWNER_MODULE_ALL) failed: ERROR_INVALID_PARAMETER (87); ' +
    'GetExtendedTcpTable(AF_INET, TCP_TABLE_OWNER_PID_ALL) failed: Win32 error (31)';

  it('fails with every function name and code when no table of either family can be read', async () => {
    const { src } = source(ipv4Failures());
    await expect(src.snapshot()).rejects.toThrow(
      `cannot read any TCP table: ${IPV4_UNAVAILABLE}; IPv6 table unavailable: tcp6-table2 failed: ERROR_NOT_SUPPORTED (50); ` +
        'tcp6-table failed: ERROR_NOT_SUPPORTED (50); tcp6-owner-module failed: ERROR_NOT_SUPPORTED (50); ' +
        'tcp6-owner-pid failed: ERROR_NOT_SUPPORTED (50)',
    );
  });

  it('an IPv4 failure keeps the IPv6 rows, and the status says what failed', async () => {
    const tables = { ...standardTables(), ...ipv4Failures() };
    const { src } = source(tables);
    const rows = await src.snapshot();
    expect(rows.map((r) => [r.family, r.localAddress, r.localPort])).toEqual([['ipv6', 'fe80::1', 8080]]);
    expect(src.description).toContain(IPV4_UNAVAILABLE);
    // The next poll that reads the table brings the rows and clears the note.
    Object.assign(tables, standardTables());
    expect(await src.snapshot()).toHaveLength(4);
    expect(src.description).not.toContain('unavailable');
  });

  it('an IPv6 failure keeps the IPv4 rows, and the status says what failed', async () => {
    const tables = standardTables();
    const failure = new Win32Error('GetTcp6Table2', 0xc0000001, 'still failing after 5 calls');
    Object.assign(tables, {
      'tcp6-table2': failure,
      'tcp6-table': failure,
      'tcp6-owner-module': failure,
      'tcp6-owner-pid': failure,
    });
    const { src } = source(tables);
    const rows = await src.snapshot();
    expect(rows.map((r) => [r.family, r.localPort])).toEqual([
      ['ipv4', 80],
      ['ipv4', 50000],
      ['ipv4', 50001],
    ]);
    expect(src.description).toMatch(
      /; IPv6 table unavailable: GetTcp6Table2 failed: STATUS_UNSUCCESSFUL \(0xC0000001\): still failing after 5 calls; /,
    );
  });

  it('a family whose tables fail after a good poll keeps its last rows (the same objects), so none is reported closed', async () => {
    const tables = standardTables();
    const { src } = source(tables);
    const good = await src.snapshot();
    const ipv6Before = good.filter((r) => r.family === 'ipv6');
    const failure = new Win32Error('GetTcp6Table2', 0xc0000001, 'still failing after 5 calls');
    Object.assign(tables, {
      'tcp6-table2': failure,
      'tcp6-table': failure,
      'tcp6-owner-module': failure,
      'tcp6-owner-pid': failure,
    });
    const rows = await src.snapshot();
    expect(rows.filter((r) => r.family === 'ipv6')).toEqual(ipv6Before);
    expect(rows.filter((r) => r.family === 'ipv6').every((r, i) => r === ipv6Before[i])).toBe(true);
    expect(src.description).toMatch(/IPv6 table unavailable: .* \(showing its last good rows\)/);
  });

  it('a table whose count overruns its bytes is an error, not a read past the end', async () => {
    const tables = standardTables();
    tables['tcp-table2'] = writeFixture('tcp-table2', [conn4], { countOverride: 1000 });
    tables['tcp-owner-module'] = writeFixture('tcp-owner-module', [conn4], { countOverride: 2 });
    tables['tcp-owner-pid'] = writeFixture('tcp-owner-pid', [], { countOverride: 5 });
    const { src } = source(tables);
    const rows = await src.snapshot();
    expect(rows.every((r) => r.family === 'ipv6')).toBe(true);
    expect(src.description).toMatch(
      /IPv4 table unavailable: MIB_TCPTABLE2: dwNumEntries is 1000 but the 32 bytes hold at most 1 rows/,
    );
  });

  it("asks for each connection's module once per (pid, creation time), with the row itself", async () => {
    const tables = standardTables();
    const { src, modules } = source(tables);
    await src.snapshot();
    expect(modules.lookups).toEqual([
      { family: 'ipv4', pid: 500, bytes: 160 },
      { family: 'ipv4', pid: 600, bytes: 160 },
      { family: 'ipv4', pid: 600, bytes: 160 },
      { family: 'ipv6', pid: 700, bytes: 192 },
    ]);
    await src.snapshot();
    expect(modules.lookups).toHaveLength(4);
    // A new connection (new creation time) of the same process is asked about.
    tables['tcp-owner-module'] = writeFixture('tcp-owner-module', [{ ...conn4, createTimestamp: T2 + 1n }]);
    await src.snapshot();
    expect(modules.lookups).toHaveLength(5);
  });

  it('two connections of one svchost created in the same FILETIME tick each get their own service', async () => {
    const dns: FixtureRow = { ...conn4, pid: 900, localPort: 50010, createTimestamp: T1 };
    const events: FixtureRow = { ...conn4, pid: 900, localPort: 50011, createTimestamp: T1 };
    const tables: Tables = {
      'tcp-table2': writeFixture('tcp-table2', [dns, events]),
      'tcp-owner-module': writeFixture('tcp-owner-module', [dns, events]),
      'tcp6-table2': writeFixture('tcp6-table2', []),
    };
    const modules = testModules();
    modules.services = new Map([
      [50010, 'Dnscache'],
      [50011, 'EventLog'],
    ]);
    const { src } = source(tables, testProcesses(), modules);
    expect((await src.snapshot()).map((r) => [r.localPort, r.module])).toEqual([
      [50010, 'Dnscache'],
      [50011, 'EventLog'],
    ]);
    expect(modules.lookups).toHaveLength(2);
    await src.snapshot();
    expect(modules.lookups).toHaveLength(2); // still cached, each under its own connection
  });

  it('a poll makes at most MODULE_LOOKUPS_PER_POLL module lookups; the rest come in later polls', async () => {
    const n = Math.floor(MODULE_LOOKUPS_PER_POLL * 2.5);
    const conns = Array.from({ length: n }, (_, i): FixtureRow => ({
      ...conn4,
      localPort: 20000 + i,
      createTimestamp: T1 + BigInt(i),
    }));
    const tables: Tables = {
      'tcp-table2': writeFixture('tcp-table2', conns),
      'tcp-owner-module': writeFixture('tcp-owner-module', conns),
      'tcp6-table2': writeFixture('tcp6-table2', []),
    };
    const { src, modules } = source(tables);
    const withModule = (rows: { module?: string | null }[]) => rows.filter((r) => r.module === 'pid600.dll').length;
    let rows = await src.snapshot();
    expect([modules.lookups.length, withModule(rows)]).toEqual([MODULE_LOOKUPS_PER_POLL, MODULE_LOOKUPS_PER_POLL]);
    expect(src.description).toContain(`${n - MODULE_LOOKUPS_PER_POLL} connections' modules still to look up`);
    rows = await src.snapshot();
    expect([modules.lookups.length, withModule(rows)]).toEqual([2 * MODULE_LOOKUPS_PER_POLL, 2 * MODULE_LOOKUPS_PER_POLL]);
    rows = await src.snapshot();
    // Every row shows its module once it has arrived, and nothing is asked twice.
    expect([modules.lookups.length, withModule(rows)]).toEqual([n, n]);
    expect(src.description).not.toContain('still to look up');
    await src.snapshot();
    expect(modules.lookups).toHaveLength(n);
  });

  it('without GetOwnerModuleFromTcp*Entry (Wine) rows have no module and the description says why', async () => {
    const modules = testModules(false);
    const { src } = source(standardTables(), testProcesses(), modules);
    const rows = await src.snapshot();
    expect(rows.every((r) => r.module === null)).toBe(true);
    expect(modules.lookups).toEqual([]);
    expect(src.description).toMatch(/GetOwnerModuleFromTcpEntry is not exported/);
  });

  it('names PID 0 and 4 without opening them', async () => {
    const rows4 = [
      { ...conn4, pid: 0, state: 11 },
      { ...listener4, pid: 4, localPort: 445 },
    ];
    const processes = testProcesses();
    const { src } = source(
      { 'tcp-table2': writeFixture('tcp-table2', rows4), 'tcp6-table2': writeFixture('tcp6-table2', []) },
      processes,
    );
    const rows = await src.snapshot();
    expect(rows.map((r) => [r.pid, r.processName])).toEqual([
      [0, 'System Idle Process'],
      [4, 'System'],
    ]);
    expect(processes.queries).toEqual([]);
  });

  it('caches names by (pid, process creation time): a reused PID gets the new name', async () => {
    const processes = testProcesses();
    const tables = standardTables();
    const { src } = source(tables, processes);
    await src.snapshot();
    expect(processes.pathReads.sort()).toEqual([500, 600, 700]);
    await src.snapshot();
    expect(processes.pathReads).toHaveLength(3); // same processes: no path read again
    processes.procs.set(600, { creation: 99n, path: 'C:\\other\\reused.exe' });
    const rows = await src.snapshot();
    expect(rows.find((r) => r.localPort === 50000)?.processName).toBe('reused.exe');
    expect(processes.pathReads).toHaveLength(4);
  });

  it("fills the User column with the process's user, read once per (pid, creation time); null where denied", async () => {
    const processes = testProcesses();
    processes.toolhelp.set(900, 'lsass.exe');
    processes.procs.set(900, { creation: 9n, path: 'C:\\Windows\\System32\\lsass.exe', user: 'NT AUTHORITY\\SYSTEM' });
    processes.denied.add(900); // OpenProcess itself is denied: no user either
    const tables = standardTables();
    tables['tcp-table2'] = writeFixture('tcp-table2', [listener4, conn4, { ...conn4, localPort: 50002, pid: 900 }]);
    const { src } = source(tables, processes);
    const users = (rows: TcpRow[]) => rows.map((r) => [r.pid, r.user]);
    const expected = [
      [500, 'NT AUTHORITY\\LOCAL SERVICE'],
      [600, 'HOST\\alice'],
      [900, null],
      [600, 'HOST\\alice'],
      [700, null],
    ];
    expect(users(await src.snapshot())).toEqual(expected);
    expect(users(await src.snapshot())).toEqual(expected);
    expect(processes.pathReads.sort()).toEqual([500, 600, 700]);
    expect(await src.processInfo(600)).toMatchObject({ user: 'HOST\\alice' });
    // A reused PID is another process, with its own user.
    processes.procs.set(600, { creation: 99n, path: 'C:\\other\\tool.exe', user: 'HOST\\bob' });
    expect((await src.snapshot())[1]).toMatchObject({ pid: 600, processName: 'tool.exe', user: 'HOST\\bob' });
  });

  it('access denied gives a name from the process list and no path, not an error', async () => {
    const processes = testProcesses();
    processes.procs.set(800, { creation: 5n, path: 'C:\\secret\\protected.exe' });
    processes.denied.add(800);
    const { src } = source(
      { 'tcp-table2': writeFixture('tcp-table2', [{ ...conn4, pid: 800 }]), 'tcp6-table2': writeFixture('tcp6-table2', []) },
      processes,
    );
    const rows = await src.snapshot();
    expect(rows[0].processName).toBe('protected.exe');
    expect(await src.processInfo(800)).toEqual({
      pid: 800,
      name: 'protected.exe',
      exePath: null,
      commandLine: null,
      user: null,
      startedAt: null,
      parentPid: 500,
      parentName: 'svchost.exe',
    });
  });

  it('processInfo: path and start time; null for a process that is gone', async () => {
    const processes = testProcesses();
    processes.procs.set(600, { creation: filetimeOf('2023-07-08T09:10:11.012Z'), path: 'C:\\b\\browser.exe' });
    const { src } = source(standardTables(), processes);
    expect(await src.processInfo(600)).toEqual({
      pid: 600,
      name: 'browser.exe',
      exePath: 'C:\\b\\browser.exe',
      commandLine: null,
      user: null,
      startedAt: '2023-07-08T09:10:11.012Z',
      // Not in the Toolhelp snapshot: no parent known.
      parentPid: null,
      parentName: null,
    });
    expect(await src.processInfo(4)).toMatchObject({ name: 'System', exePath: null });
    expect(await src.processInfo(12345)).toBeNull();
  });

  it('joins on the pid too: two processes listening on one address:port (SO_REUSEADDR) keep their own module and time', async () => {
    const a: FixtureRow = { ...listener4, pid: 500 };
    const b: FixtureRow = { ...listener4, pid: 501 };
    const tables: Tables = {
      'tcp-table2': writeFixture('tcp-table2', [a, b]),
      // The extended table lists them the other way round.
      'tcp-owner-module': writeFixture('tcp-owner-module', [
        { ...b, createTimestamp: T2 },
        { ...a, createTimestamp: T1 },
      ]),
      'tcp6-table2': writeFixture('tcp6-table2', []),
    };
    const processes = testProcesses();
    processes.procs.set(501, { creation: 4n, path: 'C:\\tools\\other.exe' });
    const { src, modules } = source(tables, processes);
    const rows = await src.snapshot();
    expect(rows.map((r) => [r.pid, r.processName, r.createdAt, r.module])).toEqual([
      [500, 'svchost.exe', '2024-01-02T03:04:05.678Z', 'Dnscache'],
      [501, 'other.exe', '2024-01-02T03:04:06.000Z', 'pid501.dll'],
    ]);
    expect(modules.lookups.map((l) => l.pid).sort()).toEqual([500, 501]);
  });

  it('rows of one identity but different pids are not joined: each table saw another socket', async () => {
    const tables: Tables = {
      'tcp-table2': writeFixture('tcp-table2', [{ ...conn4, pid: 600 }]),
      'tcp-owner-module': writeFixture('tcp-owner-module', [{ ...conn4, pid: 601, createTimestamp: T1 }]),
      'tcp6-table2': writeFixture('tcp6-table2', []),
    };
    const { src } = source(tables);
    const rows = await src.snapshot();
    expect(rows.map((r) => [r.pid, r.createdAt])).toEqual([
      [600, null],
      [601, '2024-01-02T03:04:05.678Z'],
    ]);
  });

  it('joins repeated identities one to one', async () => {
    const dup: FixtureRow = { ...conn4, state: 11, pid: 0 };
    const kinds: [FixtureKind, FixtureRow[]][] = [
      ['tcp-table2', [dup, dup]],
      [
        'tcp-owner-module',
        [
          { ...dup, createTimestamp: T1 },
          { ...dup, createTimestamp: T2 },
        ],
      ],
    ];
    const tables: Tables = Object.fromEntries(kinds.map(([k, r]) => [k, writeFixture(k, r)]));
    tables['tcp6-table2'] = writeFixture('tcp6-table2', []);
    const { src } = source(tables);
    const rows = await src.snapshot();
    expect(rows.map((r) => r.createdAt)).toEqual(['2024-01-02T03:04:05.678Z', '2024-01-02T03:04:06.000Z']);
  });

  it('refuses a Node.js of any architecture but x64 and arm64, in one line', async () => {
    for (const arch of ['ia32', 'arm', 'mips']) {
      const failure = createWin32Source({ arch });
      await expect(failure).rejects.toThrow(
        new RegExp(`^the Windows source needs a 64-bit Node\\.js \\(x64 or arm64\\): .*; this one is ${arch}$`),
      );
      await expect(failure).rejects.not.toThrow(/\n/);
    }
    // Creating the source loads no DLL yet, so the accepted architectures can be checked here too.
    for (const arch of ['x64', 'arm64']) expect((await createWin32Source({ arch })).kind).toBe('win32');
  });

  describe('close connection', () => {
    it('IPv4: SetTcpEntry with the MIB_TCPROW of DELETE_TCB; IPv6 is refused with the reason, without a call', async () => {
      const { src, setTcpEntry } = source(standardTables());
      const [, established, , v6] = await src.snapshot();
      expect(src.closeRefusal('ipv4')).toBeNull();
      expect(src.closeRefusal('ipv6')).toBe('Windows cannot close IPv6 connections: SetTcpEntry takes IPv4 rows only');
      await src.closeConnection(established);
      expect(setTcpEntry.calls).toEqual([writeTcpRow({ ...conn4, state: 12 })]);
      await expect(src.closeConnection(v6)).rejects.toThrow(
        new ActionError('Windows cannot close IPv6 connections: SetTcpEntry takes IPv4 rows only'),
      );
      expect(setTcpEntry.calls).toHaveLength(1);
    });

    it.each([
      [5, 'needs administrator rights (run Sockscope as administrator)'],
      [1168, 'no such connection: Windows no longer lists it (it may have closed already)'],
    ])('a refusal (%i) is an ActionError with the reason in one line', async (code, reason) => {
      const { src, setTcpEntry } = source(standardTables());
      const [, established] = await src.snapshot();
      setTcpEntry.code = code;
      const closing = src.closeConnection(established);
      await expect(closing).rejects.toBeInstanceOf(ActionError);
      await expect(closing).rejects.toThrow(reason);
    });
  });
});
