import { NotBuilt } from '../components/NotBuilt';

export default function Compare() {
  return <NotBuilt title="Compare" what="Side-by-side comparison of 2–4 stored runs arrives with the analytics surface." cli="" />;
}
