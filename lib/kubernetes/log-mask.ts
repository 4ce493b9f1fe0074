// Personal data is masked out of pod logs before they leave the server: guests' e-mail addresses,
// phone numbers and card numbers must not reach a browser (or a screenshot of one). Pure functions.

export const MASK = { email: '[email]', phone: '[phone]', card: '[card]' } as const;

/** Lines longer than this are cut before masking and filtering: bounds the work per line. */
export const MAX_LINE_LENGTH = 8 * 1024;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}/g;

/** Runs of digits joined by single spaces or dashes, not glued to letters or other digits. */
const DIGIT_RUN = /(?<![\w.])\d+(?:[ -]\d+)*(?![\w])/g;

const PHONE_PATTERNS: { pattern: RegExp; minDigits: number; maxDigits: number }[] = [
  // International: +44 20 7946 0958, +1-202-555-0143, +49 (30) 1234567, +493012345678.
  { pattern: /(?<![\w+])\+\d{1,3}(?:[\s.-]?(?:\(\d{1,5}\)|\d{1,5})){1,6}(?!\w)/g, minDigits: 8, maxDigits: 15 },
  // International with 00: 0049 30 12345678.
  { pattern: /(?<![\w.])00\d{1,3}(?:[\s.-]?(?:\(\d{1,5}\)|\d{1,5})){1,6}(?!\w)/g, minDigits: 9, maxDigits: 17 },
  // North American: (555) 123-4567, 555-123-4567, 555.123.4567, 555 123 4567.
  { pattern: /(?<![\w.-])(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?![\w.-]?\d)/g, minDigits: 10, maxDigits: 10 },
  // National with a trunk 0: 020 7946 0958, 030 12345678, 0171-1234567.
  { pattern: /(?<![\w.-])0\d{1,4}[\s-]\d{3,4}(?:[\s-]?\d{3,5})?(?![\w.-]?\d)/g, minDigits: 9, maxDigits: 13 },
];

/** The Luhn checksum every payment card number satisfies. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** 13–19 digits passing Luhn; a 13-digit epoch-milliseconds timestamp (1… or 2…) is not a card (13-digit cards are Visa: 4…). */
function isCardNumber(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19) return false;
  if (digits.length === 13 && (digits[0] === '1' || digits[0] === '2')) return false;
  return luhnValid(digits);
}

/** Masks card numbers in one run of digit groups: the whole run, or the groups within it that form one. */
function maskCardsInRun(run: string): string {
  const groups = run.split(/([ -])/); // digits, separator, digits, …
  const digitGroups: string[] = [];
  const separators: string[] = [];
  groups.forEach((g, i) => (i % 2 === 0 ? digitGroups.push(g) : separators.push(g)));
  const masked = new Array<boolean>(digitGroups.length).fill(false);
  let found = false;
  for (let start = 0; start < digitGroups.length; start++) {
    if (masked[start]) continue;
    let digits = '';
    // Longest window first, so "4111 1111 1111 1111" is one card, not a shorter one inside it.
    const windows: { end: number; digits: string }[] = [];
    for (let end = start; end < digitGroups.length && digits.length <= 19; end++) {
      digits += digitGroups[end];
      windows.push({ end, digits });
    }
    for (const w of windows.reverse()) {
      if (isCardNumber(w.digits)) {
        for (let k = start; k <= w.end; k++) masked[k] = true;
        found = true;
        break;
      }
    }
  }
  if (!found) return run;
  let out = '';
  for (let i = 0; i < digitGroups.length; i++) {
    const maskedHere = masked[i];
    if (maskedHere && i > 0 && masked[i - 1]) continue; // one [card] per card
    out += i > 0 ? separators[i - 1] : '';
    out += maskedHere ? MASK.card : digitGroups[i];
  }
  return out;
}

function countDigits(text: string): number {
  let n = 0;
  for (const ch of text) if (ch >= '0' && ch <= '9') n++;
  return n;
}

/** Masks e-mail addresses, card numbers (Luhn-checked) and phone numbers in one log line. */
export function maskLogLine(line: string): string {
  let text = line.length > MAX_LINE_LENGTH ? `${line.slice(0, MAX_LINE_LENGTH)} …[line cut]` : line;
  text = text.replace(EMAIL, MASK.email);
  text = text.replace(DIGIT_RUN, (run) => (countDigits(run) >= 13 ? maskCardsInRun(run) : run));
  for (const { pattern, minDigits, maxDigits } of PHONE_PATTERNS) {
    text = text.replace(pattern, (match) => {
      const digits = countDigits(match);
      return digits >= minDigits && digits <= maxDigits ? MASK.phone : match;
    });
  }
  return text;
}

/** Masks every line of a log text. */
export function maskLogText(text: string): string {
  return text.split('\n').map(maskLogLine).join('\n');
}

export type LogFilterResult = { lines: string[]; filterError?: string };

/**
 * Keeps the lines that match the catalog's filter (a case-insensitive regular expression). A filter
 * that does not compile leaves the lines unfiltered and says why, rather than failing the panel.
 */
export function filterLogLines(lines: string[], filter: string | undefined): LogFilterResult {
  if (!filter) return { lines };
  let regex: RegExp;
  try {
    regex = new RegExp(filter, 'i');
  } catch (error) {
    return { lines, filterError: `filter ${JSON.stringify(filter)} is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}` };
  }
  return { lines: lines.filter((line) => regex.test(line)) };
}
