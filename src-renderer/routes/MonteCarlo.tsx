import { NotBuilt } from '../components/NotBuilt';

export default function MonteCarlo() {
  return <NotBuilt title="Monte Carlo" what="Seeded Monte Carlo sets on the worker pool, with p5–p95 bands, arrive with the simulation engine." cli="workbench simulate --runs 100 --json" />;
}
