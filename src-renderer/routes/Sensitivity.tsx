import { NotBuilt } from '../components/NotBuilt';

export default function Sensitivity() {
  return <NotBuilt title="Sensitivity" what="One-at-a-time and grid sweeps with confidence intervals arrive with the simulation engine." cli="workbench sensitivity --json" />;
}
