/** Names for the Win32 error codes the IP Helper and process calls return. */
const NAMES: Record<number, string> = {
  0: 'NO_ERROR',
  5: 'ERROR_ACCESS_DENIED',
  8: 'ERROR_NOT_ENOUGH_MEMORY',
  50: 'ERROR_NOT_SUPPORTED',
  87: 'ERROR_INVALID_PARAMETER',
  122: 'ERROR_INSUFFICIENT_BUFFER',
  232: 'ERROR_NO_DATA',
  299: 'ERROR_PARTIAL_COPY',
  317: 'ERROR_MR_MID_NOT_FOUND',
  1168: 'ERROR_NOT_FOUND',
  0xc0000001: 'STATUS_UNSUCCESSFUL',
};

export function errorName(code: number): string {
  return NAMES[code] ?? 'Win32 error';
}

/** A code as people look it up: decimal for Win32 errors, hex for NTSTATUS values (0xC0000001). */
export function codeText(code: number): string {
  return code > 0xffff ? `0x${(code >>> 0).toString(16).toUpperCase().padStart(8, '0')}` : String(code);
}

export const ERROR_ACCESS_DENIED = 5;
export const ERROR_NOT_SUPPORTED = 50;
export const ERROR_INVALID_PARAMETER = 87;
export const ERROR_NOT_FOUND = 1168;
/** SetTcpEntry's "the application is running non-elevated" (its reference page gives only the number). */
export const ERROR_MR_MID_NOT_FOUND = 317;
/**
 * An NTSTATUS that GetExtendedTcpTable / GetTcpTable return now and then under load, passed through
 * as the DWORD result (psutil PR #1335, "random 0xC0000001 errors"; .NET saw it too). Transient.
 */
export const STATUS_UNSUCCESSFUL = 0xc0000001;
