/**
 * The rotation through firing sections (`/noc?rotate=20`): grid → each firing section's detail → grid.
 * The list is taken when a round starts, worst first; a section that stopped firing meanwhile is skipped.
 */
export type RotationView =
  | { kind: 'grid' }
  | { kind: 'detail'; id: string; /** Still to show in this round, in order. */ queue: string[]; position: number; total: number };

export const gridView: RotationView = { kind: 'grid' };

/** The view after `current`, given the sections firing now (worst first). */
export function advanceRotation(current: RotationView, firingIds: readonly string[]): RotationView {
  if (current.kind === 'grid') {
    const [first, ...rest] = firingIds;
    return first === undefined ? gridView : { kind: 'detail', id: first, queue: rest, position: 1, total: firingIds.length };
  }
  const firing = new Set(firingIds);
  const remaining = current.queue.filter((id) => firing.has(id));
  const [next, ...rest] = remaining;
  if (next === undefined) return gridView;
  return { kind: 'detail', id: next, queue: rest, position: current.total - remaining.length + 1, total: current.total };
}
