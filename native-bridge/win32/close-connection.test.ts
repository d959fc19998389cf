import { describe, expect, it } from 'vitest';
import { ActionError } from '../../main/common/errors';
import type { TcpRow } from '../../main/common/types';
import { closeFailureReason, closeRefusal, deleteTcbRow } from './close-connection';
import { v4, writeTcpRow } from './testing/fixture-writer';

const row = (over: Partial<TcpRow> = {}): TcpRow => ({
  family: 'ipv4',
  localAddress: '10.1.2.3',
  localPort: 50000,
  remoteAddress: '192.168.7.9',
  remotePort: 443,
  state: 'ESTABLISHED',
  pid: 600,
  processName: 'browser.exe',
  offloadState: 'InHost',
  createdAt: null,
  ...over,
});

describe('the MIB_TCPROW for SetTcpEntry', () => {
  it('is MIB_TCP_STATE_DELETE_TCB (12) and the endpoints, laid out as tcpmib.h declares it', () => {
    expect(deleteTcbRow(row())).toEqual(
      writeTcpRow({ state: 12, local: v4('10.1.2.3'), localPort: 50000, remote: v4('192.168.7.9'), remotePort: 443 }),
    );
    // Whatever state the row is in, and ports at both ends of their range.
    expect(deleteTcbRow(row({ state: 'CLOSE_WAIT', localPort: 1, remotePort: 65535 }))).toEqual(
      writeTcpRow({ state: 12, local: v4('10.1.2.3'), localPort: 1, remote: v4('192.168.7.9'), remotePort: 65535 }),
    );
    expect(deleteTcbRow(row({ state: 'LISTEN', remoteAddress: '0.0.0.0', remotePort: 0 }))).toEqual(
      writeTcpRow({ state: 12, local: v4('10.1.2.3'), localPort: 50000, remote: v4('0.0.0.0'), remotePort: 0 }),
    );
  });

  it('refuses IPv6 rows, saying why, and text that is not an IPv4 address or a port', () => {
    const v6 = row({ family: 'ipv6', localAddress: '::1', remoteAddress: '::1' });
    expect(() => deleteTcbRow(v6)).toThrow(
      new ActionError('Windows cannot close IPv6 connections: SetTcpEntry takes IPv4 rows only'),
    );
    expect(() => deleteTcbRow(row({ localAddress: '10.1.2' }))).toThrow(new ActionError('not an IPv4 address: "10.1.2"'));
    expect(() => deleteTcbRow(row({ remoteAddress: '300.1.1.1' }))).toThrow(ActionError);
    expect(() => deleteTcbRow(row({ remotePort: 70000 }))).toThrow(new ActionError('not a TCP port: 70000'));
  });

  it('closeRefusal: null for IPv4, one line for IPv6', () => {
    expect(closeRefusal('ipv4')).toBeNull();
    expect(closeRefusal('ipv6')).toBe('Windows cannot close IPv6 connections: SetTcpEntry takes IPv4 rows only');
  });
});

describe('SetTcpEntry result codes', () => {
  it.each([
    [5, 'needs administrator rights (run Sockscope as administrator)'],
    [317, 'needs administrator rights (run Sockscope as administrator)'],
    [1168, 'no such connection: Windows no longer lists it (it may have closed already)'],
    [87, 'Windows rejected the request (ERROR_INVALID_PARAMETER): it has no connection with these endpoints that it can close'],
    [
      50,
      'this system cannot close connections (ERROR_NOT_SUPPORTED): its IPv4 transport is not configured, or iphlpapi.dll has no SetTcpEntry',
    ],
    [31, 'SetTcpEntry failed: Win32 error (31)'],
    [0xc0000001, 'SetTcpEntry failed: STATUS_UNSUCCESSFUL (0xC0000001)'],
  ])('%i: %s', (code, reason) => {
    expect(closeFailureReason(code)).toBe(reason);
  });
});
