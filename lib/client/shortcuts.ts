import type { Severity } from '@/lib/severity/types';

/**
 * The section page's keyboard shortcuts (issue 15 point 11): the common moves in an incident, one key each,
 * listed under `?`. Single keys without modifiers, as in GitHub or Gmail, so they never fire while a person types.
 */
export type ShortcutId = 'next-firing' | 'resolution' | 'acknowledge' | 'help';

export const shortcuts: readonly { id: ShortcutId; key: string; label: string }[] = [
  { id: 'next-firing', key: 'n', label: 'Next firing section (worst first, as on the overview)' },
  { id: 'resolution', key: 'r', label: 'Open the resolution steps (focus the first remediation)' },
  { id: 'acknowledge', key: 'a', label: 'Acknowledge the first alert not yet acknowledged' },
  { id: 'help', key: '?', label: 'Show or hide this list' },
];

/** What a key press needs for the decision; a DOM KeyboardEvent has all of it. */
export type KeyPress = { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; defaultPrevented: boolean; target: unknown };

/** The element takes text (or a choice) from the keyboard: its letters are the person's, not shortcuts. */
export function isTyping(target: unknown): boolean {
  if (!target || typeof target !== 'object') return false;
  const element = target as { tagName?: string; isContentEditable?: boolean; getAttribute?: (name: string) => string | null; type?: string };
  const tag = element.tagName?.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  // Buttons typed as inputs (checkbox, radio, submit) take no text; every other input does.
  if (tag === 'INPUT') return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes((element.type ?? 'text').toLowerCase());
  if (element.isContentEditable) return true;
  const role = element.getAttribute?.('role');
  return role === 'textbox' || role === 'combobox' || role === 'searchbox';
}

/** The shortcut a key press asks for, or null: never while typing, never with Ctrl/Cmd/Alt (the browser's own). */
export function decideShortcut(press: KeyPress): ShortcutId | null {
  if (press.defaultPrevented || press.ctrlKey || press.metaKey || press.altKey || isTyping(press.target)) return null;
  return shortcuts.find((s) => s.key === press.key)?.id ?? null;
}

const firingLevels = new Set<Severity>(['P0', 'P1', 'P2', 'P3']);

/**
 * The firing section after `currentId` in the overview's order (worst first), wrapping round; the first firing
 * one when the current section does not fire. Null when no other section fires.
 */
export function nextFiringSection(sections: readonly { id: string; severity: Severity }[], currentId: string): string | null {
  const firing = sections.filter((s) => firingLevels.has(s.severity));
  const at = firing.findIndex((s) => s.id === currentId);
  const next = at === -1 ? firing[0] : firing[(at + 1) % firing.length];
  return next && next.id !== currentId ? next.id : null;
}
