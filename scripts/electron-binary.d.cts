/** The Electron binary's path, or why there is none. */
export declare function findElectronBinary(): { path: string } | { missing: string };
