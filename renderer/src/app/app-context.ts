import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { MonitorConnection } from '../api';
import type { UiActions, UiState, UiStore } from '../state/ui-store';
import type { GridControls } from '../grid/grid-controls';
import type { LiveFeed } from './live-feed';
import type { RowActions } from './row-actions';
import type { SettingsKeeper } from './settings-keeper';

export interface AppServices {
  connection: MonitorConnection;
  feed: LiveFeed;
  store: UiStore;
  grid: GridControls;
  settings: SettingsKeeper;
  rowActions: RowActions;
}

export const AppContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('AppContext missing');
  return services;
}

/** Subscribes a component to one slice of UI state (select primitives to avoid re-renders). */
export function useUi<T>(selector: (state: UiState & UiActions) => T): T {
  return useStore(useServices().store, selector);
}
