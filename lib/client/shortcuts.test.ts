import { describe, expect, it } from 'vitest';
import { decideShortcut, isTyping, nextFiringSection } from './shortcuts';

// Issue 15 point 11: one key per common move, never while typing.
const press = (key: string, target: unknown = { tagName: 'BODY' }, extra: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; defaultPrevented: boolean }> = {}) => ({ key, ctrlKey: false, metaKey: false, altKey: false, defaultPrevented: false, target, ...extra });

describe('decideShortcut', () => {
  it('maps n, r, a and ? to their moves', () => {
    expect(decideShortcut(press('n'))).toBe('next-firing');
    expect(decideShortcut(press('r'))).toBe('resolution');
    expect(decideShortcut(press('a'))).toBe('acknowledge');
    expect(decideShortcut(press('?'))).toBe('help');
    expect(decideShortcut(press('x'))).toBeNull();
    // A button or a link with the focus is not typing.
    expect(decideShortcut(press('r', { tagName: 'BUTTON' }))).toBe('resolution');
  });

  it('never fires while typing in an input, a text area, a select or an editable element, nor with modifiers', () => {
    for (const target of [{ tagName: 'INPUT', type: 'text' }, { tagName: 'INPUT', type: 'search' }, { tagName: 'INPUT', type: 'number' }, { tagName: 'TEXTAREA' }, { tagName: 'SELECT' }, { tagName: 'DIV', isContentEditable: true }, { tagName: 'DIV', getAttribute: (n: string) => (n === 'role' ? 'textbox' : null) }]) {
      expect(decideShortcut(press('a', target)), JSON.stringify(target)).toBeNull();
    }
    expect(isTyping({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(decideShortcut(press('r', undefined, { ctrlKey: true }))).toBeNull();
    expect(decideShortcut(press('r', undefined, { metaKey: true }))).toBeNull();
    expect(decideShortcut(press('n', undefined, { defaultPrevented: true }))).toBeNull();
  });
});

describe('nextFiringSection', () => {
  const sections = [
    { id: 'database', severity: 'P0' as const },
    { id: 'call-failures', severity: 'P1' as const },
    { id: 'dns', severity: 'unknown' as const },
    { id: 'redis', severity: 'ok' as const },
  ];
  it('goes to the next firing section worst first, wrapping round, skipping unknown and ok', () => {
    expect(nextFiringSection(sections, 'database')).toBe('call-failures');
    expect(nextFiringSection(sections, 'call-failures')).toBe('database');
    expect(nextFiringSection(sections, 'redis')).toBe('database');
  });
  it('says there is none when no other section fires', () => {
    expect(nextFiringSection([{ id: 'database', severity: 'P0' }, { id: 'redis', severity: 'ok' }], 'database')).toBeNull();
    expect(nextFiringSection([{ id: 'redis', severity: 'ok' }], 'redis')).toBeNull();
  });
});
