import { NotBuilt } from '../components/NotBuilt';

export default function Simulate() {
  return <NotBuilt title="Simulate" what="The parameter editor, presets and Run with progress arrive with the simulation engine." cli="workbench simulate --json" />;
}
