import { NotBuilt } from '../components/NotBuilt';

export default function Dox() {
  return <NotBuilt title="PMOVES-DoX" what="Health-checked bundle upload, Q&A, CHR and dashboards arrive with the DoX work." cli="workbench dox push --dry-run" />;
}
