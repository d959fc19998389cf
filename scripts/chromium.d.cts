/** Debian's Chromium: its path, and the flags every launch here uses. */
export declare const CHROMIUM_PATH: string;
export declare const CHROMIUM_ARGS: readonly string[];
