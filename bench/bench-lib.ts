// What the benchmark drives in-process, bundled by bench/bundle-source.mjs like a production build.
export { createDataSource } from '../native-bridge';
export { Monitor } from '../main/monitor/monitor';
export { MonitorHost } from '../main/monitor/monitor-host';
export { Fanout } from '../main/transport/fanout';
export { startWebShell } from '../main/server/web-shell';
