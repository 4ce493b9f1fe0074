import { describe, expect, it } from 'vitest';
import { advanceRotation, gridView, type RotationView } from './rotation';

function run(start: RotationView, steps: (readonly string[])[]): string[] {
  const seen: string[] = [];
  let view = start;
  for (const firing of steps) {
    view = advanceRotation(view, firing);
    seen.push(view.kind === 'grid' ? 'grid' : `${view.id} ${view.position}/${view.total}`);
  }
  return seen;
}

describe('advanceRotation', () => {
  it('goes grid → each firing section in order → grid, and round again', () => {
    const firing = ['pms', 'redis', 'disk'];
    expect(run(gridView, [firing, firing, firing, firing, firing])).toEqual(['pms 1/3', 'redis 2/3', 'disk 3/3', 'grid', 'pms 1/3']);
  });

  it('stays on the grid while nothing fires', () => {
    expect(run(gridView, [[], [], []])).toEqual(['grid', 'grid', 'grid']);
  });

  it('skips a section that stopped firing during the round and starts the next round with what fires then', () => {
    expect(run(gridView, [['pms', 'redis', 'disk'], ['pms', 'disk'], ['pms', 'disk'], ['dns']])).toEqual(['pms 1/3', 'disk 3/3', 'grid', 'dns 1/1']);
  });

  it('goes back to the grid when everything stopped firing', () => {
    expect(run(gridView, [['pms', 'redis'], []])).toEqual(['pms 1/2', 'grid']);
  });
});
