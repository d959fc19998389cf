/**
 * Closing a connection on Windows: SetTcpEntry with a MIB_TCPROW whose dwState is
 * MIB_TCP_STATE_DELETE_TCB (12), the one state an application may set. IPv4 only: Windows has no
 * IPv6 counterpart. Pure: the row's bytes and the reasons for the codes; iphlpapi.ts makes the call.
 */
import { isIPv4 } from 'node:net';
import { ActionError } from '../../main/common/errors';
import type { AddressFamily, TcpRow } from '../../main/common/types';
import { MIB_TCPROW, type Field } from './layouts';
import {
  codeText,
  ERROR_ACCESS_DENIED,
  ERROR_INVALID_PARAMETER,
  ERROR_MR_MID_NOT_FOUND,
  ERROR_NOT_FOUND,
  ERROR_NOT_SUPPORTED,
  errorName,
} from './win32-errors';

export const MIB_TCP_STATE_DELETE_TCB = 12;

export const IPV6_CLOSE_REFUSAL = 'Windows cannot close IPv6 connections: SetTcpEntry takes IPv4 rows only';

/** Null where SetTcpEntry can close a connection of this family, else why not. */
export function closeRefusal(family: AddressFamily): string | null {
  return family === 'ipv6' ? IPV6_CLOSE_REFUSAL : null;
}

/** The MIB_TCPROW asking SetTcpEntry to delete the TCB of `row`'s connection. */
export function deleteTcbRow(row: TcpRow): Buffer {
  const refusal = closeRefusal(row.family);
  if (refusal) throw new ActionError(refusal);
  const { fields, size } = MIB_TCPROW;
  const buf = Buffer.alloc(size);
  buf.writeUInt32LE(MIB_TCP_STATE_DELETE_TCB, fields.state.offset);
  writeIPv4(buf, fields.localAddr, row.localAddress);
  writePort(buf, fields.localPort, row.localPort);
  writeIPv4(buf, fields.remoteAddr, row.remoteAddress);
  writePort(buf, fields.remotePort, row.remotePort);
  return buf;
}

/** An `in_addr` DWORD: the four bytes of the dotted quad, in network order. */
function writeIPv4(buf: Buffer, field: Field, text: string): void {
  if (!isIPv4(text)) throw new ActionError(`not an IPv4 address: ${JSON.stringify(text)}`);
  text.split('.').forEach((part, i) => (buf[field.offset + i] = Number(part)));
}

/** A port DWORD: the port in network order in its first two bytes (its low 16 bits). */
function writePort(buf: Buffer, field: Field, port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 0xffff) throw new ActionError(`not a TCP port: ${port}`);
  buf.writeUInt16BE(port, field.offset);
}

/** What a SetTcpEntry result code means for the user, in one line. */
export function closeFailureReason(code: number): string {
  switch (code) {
    case ERROR_ACCESS_DENIED:
    case ERROR_MR_MID_NOT_FOUND: // "the application is running non-elevated"
      return 'needs administrator rights (run Sockscope as administrator)';
    case ERROR_NOT_FOUND:
      return 'no such connection: Windows no longer lists it (it may have closed already)';
    case ERROR_INVALID_PARAMETER:
      return 'Windows rejected the request (ERROR_INVALID_PARAMETER): it has no connection with these endpoints that it can close';
    case ERROR_NOT_SUPPORTED:
      return 'this system cannot close connections (ERROR_NOT_SUPPORTED): its IPv4 transport is not configured, or iphlpapi.dll has no SetTcpEntry';
    default:
      return `SetTcpEntry failed: ${errorName(code)} (${codeText(code)})`;
  }
}
