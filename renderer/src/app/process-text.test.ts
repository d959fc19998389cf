import { describe, expect, it } from 'vitest';
import { eventSummary, processTitle } from './process-text';
import { closed, opened, ownerChanged, stateChanged, tcpRow } from '../sync/testing/test-fixtures';

describe('process drill-down text', () => {
  it('titles the panel with the process name, falling back to the table’s name', () => {
    const info = {
      pid: 9,
      name: 'nginx',
      exePath: null,
      commandLine: null,
      user: null,
      startedAt: null,
      parentPid: null,
      parentName: null,
    };
    expect(processTitle(9, info, [])).toBe('nginx (PID 9)');
    expect(processTitle(9, null, [{ row: tcpRow({ processName: 'sshd' }) }])).toBe('sshd (PID 9)');
    expect(processTitle(9, null, [])).toBe('PID 9');
  });

  it('summarises each kind of history event', () => {
    expect(eventSummary(opened(1, 'a', { localPort: 5, remoteAddress: '10.0.0.1', remotePort: 443, state: 'SYN_SENT' }))).toBe(
      'opened 127.0.0.1:5 → 10.0.0.1:443 SYN_SENT',
    );
    expect(eventSummary(stateChanged(2, 'a', 'SYN_SENT', 'ESTABLISHED'))).toBe(
      'changed 127.0.0.1:40000 → 127.0.0.1:8080 SYN_SENT → ESTABLISHED',
    );
    expect(eventSummary(ownerChanged(3, 'a', { pid: 7, processName: 'nginx' }))).toBe(
      'changed owner 127.0.0.1:40000 → 127.0.0.1:8080 ESTABLISHED now nginx (7)',
    );
    expect(eventSummary(closed(4, 'a', { state: 'TIME_WAIT' }))).toBe('closed 127.0.0.1:40000 → 127.0.0.1:8080 TIME_WAIT');
  });
});
