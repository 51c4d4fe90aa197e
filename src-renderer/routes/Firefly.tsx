import { NotBuilt } from '../components/NotBuilt';

export default function Firefly() {
  return <NotBuilt title="Firefly III" what="Connecting a personal token, syncing and calibrating arrive with the Firefly bridge." cli="workbench firefly sync --json" />;
}
