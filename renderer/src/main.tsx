import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import {
  CellStyleModule,
  ColumnApiModule,
  InfiniteRowModelModule,
  ModuleRegistry,
  RenderApiModule,
  RowApiModule,
  RowSelectionModule,
  ScrollApiModule,
  RowStyleModule,
  TooltipModule,
} from 'ag-grid-community';
import { connectToMonitor } from './api';
import { AppContext } from './app/app-context';
import { LiveFeed } from './app/live-feed';
import { App } from './components/App';
import { createUiStore } from './state/ui-store';
import { GridControls } from './grid/grid-controls';
import { SettingsKeeper } from './app/settings-keeper';
import { applyTheme } from './app/theme';
import { installShortcuts } from './app/shortcuts';
import { installMenuCommands } from './app/menu-commands';
import { RowActions } from './app/row-actions';
import './styles.css';

// Only what the grid uses (AllCommunityModule would double the bundle). A feature used without
// its module only logs an AG Grid error: the web e2e specs fail on any.
ModuleRegistry.registerModules([
  // The grid asks our RowOrder for the rows on screen; it sorts and filters them itself (row-order.ts).
  InfiniteRowModelModule, // and refreshInfiniteCache
  RowSelectionModule,
  RowStyleModule, // rowClassRules: the new / changed / closed highlights
  CellStyleModule, // cellClassRules
  TooltipModule, // when the last transition happened
  RenderApiModule, // refreshCells: the transition's age
  RowApiModule, // getDisplayedRowAtIndex: the focused row
  ColumnApiModule, // the column chooser, and the layout kept across restarts
  ScrollApiModule, // ensureIndexVisible: keys keep the focused row in view
]);

const connection = connectToMonitor();
const store = createUiStore({ transport: connection.connectionState });
connection.onConnectionState((transport) => {
  store.setState({ transport });
  if (transport === 'open' && connection.pushesSnapshotOnConnect) feed.expectSnapshot();
});
const feed = new LiveFeed(connection.api, store);
const grid = new GridControls();
const settings = new SettingsKeeper(storageOrNull(), store, grid, feed);
settings.start();
applyTheme(store);
// Subscribed before React mounts, so the first snapshot is never missed; the grid catches up
// from the sync module whenever it mounts.
feed.start({ requestSnapshot: !connection.pushesSnapshotOnConnect });
const rowActions = new RowActions();
const services = { connection, feed, store, grid, settings, rowActions };
rowActions.bind(services);
installShortcuts(document, services, rowActions);
installMenuCommands(connection.api, services, document);

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <AppContext.Provider value={services}>
      <App />
    </AppContext.Provider>
  </StrictMode>,
);

/** localStorage where the page may have it (a sandboxed or privacy-mode page may not). */
function storageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
