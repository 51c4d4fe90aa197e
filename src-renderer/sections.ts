import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export interface Section {
  id: string;
  label: string;
  /** Keyboard shortcut digit/letter shown in the nav (Alt+key). */
  key: string;
  component: LazyExoticComponent<ComponentType>;
}

// Each view is its own chunk, so Plotly and heavy views load only when opened.
export const sections: Section[] = [
  { id: 'simulate', label: 'Simulate', key: '1', component: lazy(() => import('./routes/Simulate')) },
  { id: 'analysis', label: 'Analysis', key: '2', component: lazy(() => import('./routes/Analysis')) },
  { id: 'compare', label: 'Compare', key: '3', component: lazy(() => import('./routes/Compare')) },
  { id: 'sensitivity', label: 'Sensitivity', key: '4', component: lazy(() => import('./routes/Sensitivity')) },
  { id: 'montecarlo', label: 'Monte Carlo', key: '5', component: lazy(() => import('./routes/MonteCarlo')) },
  { id: 'dashboard', label: 'Dashboard', key: 'd', component: lazy(() => import('./routes/Dashboard')) },
  { id: 'projections', label: 'Projections', key: '6', component: lazy(() => import('./routes/Projections')) },
  { id: 'validation', label: 'Validation', key: '7', component: lazy(() => import('./routes/Validation')) },
  { id: 'firefly', label: 'Firefly', key: '8', component: lazy(() => import('./routes/Firefly')) },
  { id: 'dox', label: 'DoX', key: '9', component: lazy(() => import('./routes/Dox')) },
  { id: 'chain', label: 'Chain', key: '0', component: lazy(() => import('./routes/Chain')) },
  { id: 'reports', label: 'Reports', key: 'r', component: lazy(() => import('./routes/Reports')) },
  { id: 'settings', label: 'Settings', key: 's', component: lazy(() => import('./routes/Settings')) },
  { id: 'docs', label: 'Help', key: 'h', component: lazy(() => import('./analytics/DocsView')) },
];
