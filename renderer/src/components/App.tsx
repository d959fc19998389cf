import { ConnectionGrid } from '../grid/ConnectionGrid';
import { Banners } from './Banners';
import { ProcessPanel } from './ProcessPanel';
import { StatusBar } from './StatusBar';
import { Toolbar } from './Toolbar';

export function App() {
  return (
    <div className="app">
      <Toolbar />
      <Banners />
      <main className="workspace">
        <ConnectionGrid />
        <ProcessPanel />
      </main>
      <StatusBar />
    </div>
  );
}
