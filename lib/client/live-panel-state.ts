/** The state a live panel is in: for people (what it draws) and for tests (`data-state`). */
export type LivePanelState = 'loading' | 'error' | 'stale' | 'live';

/**
 * Old data with a failing poll is `stale` (kept on screen, dimmed, with since when and why); no data and
 * a failure is `error` (the message, never an empty table that would look healthy).
 */
export function decideLivePanelState({ hasData, error, isPending }: { hasData: boolean; error: string | null; isPending: boolean }): LivePanelState {
  if (hasData) return error ? 'stale' : 'live';
  if (error) return 'error';
  return isPending ? 'loading' : 'error';
}
