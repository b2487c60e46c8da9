import './grid/setup';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Api } from './api/client';
import { detectEvents } from './api/events';
import { detectTransport, launchToken } from './api/transport';
import { App } from './app/App';
import { RootStore, StoreContext } from './stores/RootStore';

const store = new RootStore(new Api(detectTransport(), detectEvents(launchToken)));
document.documentElement.lang = store.ui.locale;
void store.session.start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
