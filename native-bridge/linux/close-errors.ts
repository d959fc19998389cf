/** What a refused SOCK_DESTROY means, in the words the UI and the CLI show. Pure. */
import os from 'node:os';
import { NO_SUCH_CONNECTION } from '../../main/common/errors';
import { errnoName } from './inet-diag-decode';

const { EPERM, EACCES, EOPNOTSUPP, ENOENT, ESTALE } = os.constants.errno;

/**
 * The one line for the errno the kernel answered a SOCK_DESTROY with. Privileges and kernel
 * support are told apart: they need different fixes (run as root / another kernel).
 */
export function closeFailureMessage(errno: number): string {
  switch (errno) {
    case EPERM: // sock_diag_destroy: no CAP_NET_ADMIN in the socket's network namespace
    case EACCES: // an LSM said no
      return 'needs administrator rights (CAP_NET_ADMIN)';
    case EOPNOTSUPP: // no .destroy handler: a kernel built without CONFIG_INET_DIAG_DESTROY
      return 'this kernel cannot close sockets (CONFIG_INET_DIAG_DESTROY)';
    case ENOENT: // no socket with these endpoints
    case ESTALE: // a socket with these endpoints, but another cookie: the one asked for is gone
      return NO_SUCH_CONNECTION;
    default:
      return `the kernel refused to close the connection: ${errnoName(errno)}`;
  }
}
