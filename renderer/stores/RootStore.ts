import { createContext, useContext } from 'react';
import type { Api } from '../api/client';
import { SessionStore } from './SessionStore';
import { UiStore } from './UiStore';

/** The one store tree of the app, created at start and passed down by context. */
export class RootStore {
  readonly session: SessionStore;
  readonly ui: UiStore;

  constructor(readonly api: Api) {
    this.session = new SessionStore(api);
    this.ui = new UiStore();
  }
}

export const StoreContext = createContext<RootStore | null>(null);

/** The RootStore of the running app. */
export function useStore(): RootStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('RootStore is not provided');
  return store;
}
