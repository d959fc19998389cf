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
  1168: 'ERROR_NOT_FOUND',
};

export function errorName(code: number): string {
  return NAMES[code] ?? 'Win32 error';
}

export const ERROR_NOT_SUPPORTED = 50;
export const ERROR_INVALID_PARAMETER = 87;
export const ERROR_NOT_FOUND = 1168;
