import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './shell/app.css';
import { App } from './shell/App';
import { registerServiceWorker } from './shell/registerServiceWorker';

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

registerServiceWorker();
