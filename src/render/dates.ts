/**
 * The one way a moment reaches a person: `2026-11-27 12:00 UTC` — minutes, in UTC, said so. A date alone (an endDate
 * such as 2027-03-31) is already in that form and stays as written. The terminal plan, the Markdown reports and the
 * "why" of every change use these, so every report reads the same.
 */
export function readableMoment(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const RFC3339_TIMESTAMP = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})(?![\w:])/g;

/** Every RFC 3339 timestamp inside a sentence (a message from the core, say) rewritten as `readableMoment` shows it. */
export function readableMoments(text: string): string {
  return text.replace(RFC3339_TIMESTAMP, (timestamp) => readableMoment(timestamp));
}

/** `2.99 s`, `1 min 5 s`, `640 ms`: a duration rounded to what a person can use. */
export function readableDuration(milliseconds: number): string {
  if (!Number.isFinite(milliseconds) || milliseconds < 0) return 'an unknown time';
  if (milliseconds < 1_000) return `${Math.round(milliseconds)} ms`;
  if (milliseconds < 60_000) return `${(Math.round(milliseconds / 10) / 100).toString()} s`;
  const seconds = Math.round(milliseconds / 1_000);
  const minutes = Math.floor(seconds / 60);
  return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
}
