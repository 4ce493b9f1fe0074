import { NotFoundPanel } from '../../_components/not-found-panel';

/** An unknown section id reached by the page itself (the layout normally answers first, with a 404). */
export default function SectionNotFound() {
  return <NotFoundPanel title="No such runbook section" />;
}
