import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AllCommunityModule, ModuleRegistry } from 'ag-grid-community';
import { connectToMonitor } from './api';
import { AppContext } from './app/app-context';
import { LiveFeed } from './app/live-feed';
import { App } from './components/App';
import { createUiStore } from './state/ui-store';
import './styles.css';

ModuleRegistry.registerModules([AllCommunityModule]);

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
