// Stand-in for `sockscope list --json` built from this tree (the real CLI runs whatever
// `npm run build` last bundled): one cold snapshot of the Linux source, printed as JSON, the
// same work as main/cli/commands/list.ts. source-bench.mjs bundles it and times the process.
import { createLinuxSource } from '../native-bridge/linux/source';

const source = await createLinuxSource({ forceProc: process.argv.includes('--proc') });
const rows = await source.snapshot();
source.close?.();
process.stdout.write(`${JSON.stringify(rows)}\n`);
