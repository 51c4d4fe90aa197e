import { NotBuilt } from '../components/NotBuilt';

export default function Analysis() {
  return <NotBuilt title="Analysis" what="Charts, key metrics, events and the narrative of a run arrive with the analytics surface." cli="" />;
}
