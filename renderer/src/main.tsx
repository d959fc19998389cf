import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import {
  CellStyleModule,
  ClientSideRowModelApiModule,
  ClientSideRowModelModule,
  ExternalFilterModule,
  ModuleRegistry,
  QuickFilterModule,
  RenderApiModule,
  RowApiModule,
  RowSelectionModule,
  RowStyleModule,
  TooltipModule,
} from 'ag-grid-community';
import { connectToMonitor } from './api';
import { AppContext } from './app/app-context';
import { LiveFeed } from './app/live-feed';
import { App } from './components/App';
import { createUiStore } from './state/ui-store';
import './styles.css';

// Only what the grid uses (AllCommunityModule would double the bundle). A feature used without
// its module only logs an AG Grid error: the web e2e specs fail on any.
ModuleRegistry.registerModules([
  ClientSideRowModelModule,
  ClientSideRowModelApiModule, // applyTransaction(Async), flushAsyncTransactions
  QuickFilterModule,
  ExternalFilterModule, // the drill-down's "only this process"
  RowSelectionModule,
  RowStyleModule, // rowClassRules: the new / changed / closed highlights
  CellStyleModule, // cellClass
  TooltipModule, // when the last transition happened
  RenderApiModule, // refreshCells: the transition's age
  RowApiModule, // getDisplayedRowCount
]);

const connection = connectToMonitor();
const store = createUiStore({ transport: connection.connectionState });
connection.onConnectionState((transport) => store.setState({ transport }));
const feed = new LiveFeed(connection.api, store);
// Subscribed before React mounts, so the first snapshot is never missed; the grid catches up
// from the sync module whenever it mounts.
feed.start({ requestSnapshot: !connection.pushesSnapshotOnConnect });

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <AppContext.Provider value={{ connection, feed, store }}>
      <App />
    </AppContext.Provider>
  </StrictMode>,
);
