import { ConnectionGrid } from '../grid/ConnectionGrid';
import { Banners } from './Banners';
import { FilterBar } from './FilterBar';
import { Overlays } from './Overlays';
import { ProcessPanel } from './ProcessPanel';
import { StatusBar } from './StatusBar';
import { TimelineStrip, ViewingBar } from './TimeTravel';
import { Toolbar } from './Toolbar';

export function App() {
  return (
    <div className="app">
      <Toolbar />
      <Banners />
      <ViewingBar />
      <FilterBar />
      <main className="workspace">
        <ConnectionGrid />
        <ProcessPanel />
        {/* Menus and dialogs are fixed-position: inside <main> only so they sit in a landmark. */}
        <Overlays />
      </main>
      <TimelineStrip />
      <StatusBar />
    </div>
  );
}
