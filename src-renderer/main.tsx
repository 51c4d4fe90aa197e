import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { keepFocusOnBusyButtons } from './focusKeeper';
import './styles/app.css';

keepFocusOnBusyButtons();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
