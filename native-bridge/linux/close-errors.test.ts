import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { closeFailureMessage } from './close-errors';

const { errno } = os.constants;

describe('closeFailureMessage', () => {
  it.each([
    [errno.EPERM, 'needs administrator rights (CAP_NET_ADMIN)'],
    [errno.EACCES, 'needs administrator rights (CAP_NET_ADMIN)'],
    [errno.EOPNOTSUPP, 'this kernel cannot close sockets (CONFIG_INET_DIAG_DESTROY)'],
    [errno.ENOENT, 'no such connection (it may have closed already)'],
    [errno.ESTALE, 'no such connection (it may have closed already)'],
    [errno.EBUSY, 'the kernel refused to close the connection: EBUSY'],
    [errno.EINVAL, 'the kernel refused to close the connection: EINVAL'],
  ])('tells errno %i apart: %s', (code, message) => {
    expect(closeFailureMessage(code)).toBe(message);
  });

  it('names an errno libuv does not know by the OS’s name, and an unknown one by its number', () => {
    expect(closeFailureMessage(errno.ENETRESET)).toBe('the kernel refused to close the connection: ENETRESET');
    expect(closeFailureMessage(4000)).toBe('the kernel refused to close the connection: errno 4000');
  });
});
