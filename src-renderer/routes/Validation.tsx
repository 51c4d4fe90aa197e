import { NotBuilt } from '../components/NotBuilt';

export default function Validation() {
  return <NotBuilt title="Validation" what="The validation suite with history and confidence deltas arrives with the validation work." cli="workbench validate --json" />;
}
