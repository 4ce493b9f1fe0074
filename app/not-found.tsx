import { NotFoundPanel } from './_components/not-found-panel';

// Also what an unknown /runbooks/<id> shows: [id]/layout.tsx rejects it before streaming, so the status is
// a real 404, and Next then renders this root not-found page.
export default function NotFound() {
  return <NotFoundPanel title="Page not found" />;
}
