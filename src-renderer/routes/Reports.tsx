import { NotBuilt } from '../components/NotBuilt';

export default function Reports() {
  return <NotBuilt title="Reports" what="HTML, Markdown, CSV/JSON, DOCX and PDF reports arrive with the reporting work." cli="workbench report --format pdf" />;
}
