import { NotBuilt } from '../components/NotBuilt';

export default function Projections() {
  return <NotBuilt title="Projections" what="The five business models, market scenarios and calibration arrive with the projections work." cli="workbench projections validate --json" />;
}
