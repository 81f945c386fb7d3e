/**
 * The one way out for text we did not write. File names, declarations, the state and API answers come from whoever
 * opened the pull request or runs the endpoint; before such text reaches a terminal line, a workflow command, a
 * comment, a summary or a commit message it passes through one of these functions, one per kind of sink.
 */

const LINE_BREAK_NAMES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

// C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the bidirectional overrides and isolates
// that can make a line read differently from what it holds ("Trojan Source").
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/**
 * User text as one line of plain text: line breaks, tabs and every other control character are shown escaped
 * (`\n`, `\r`, `\t`, `\u001B`), so the text can neither start a new line nor rewrite the reader's terminal.
 */
export function singleLine(text: string): string {
  return text.replace(
    UNSAFE_CHARACTERS,
    (character) =>
      LINE_BREAK_NAMES[character] ?? `\\u${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
}

/**
 * The last guard before a line reaches a log the Actions runner reads. The runner treats a line as a workflow
 * command when, trimmed, it starts with `::`, or when it contains the older `##[` form anywhere; it splits lines on
 * `\r` as well as `\n`. Every line we did not write as a command is defused here, with the character shown escaped
 * (`\u003A`, `\u0023`) — which keeps JSON output valid, since those are JSON escapes too. Our own commands never pass
 * through this function: they are written by `workflowCommand`, whose data cannot contain a line break.
 */
export function logText(text: string): string {
  // Two linear passes over the whole text, not one per line: a plan of 10,000 changes is 16 MB on standard output.
  // Each is skipped when a plain search finds nothing for it: a JSON plan has a colon on every line, and looking
  // behind each one cost about 125 ms of a 100,000-declaration plan.
  const withoutOldCommands = text.includes('##[') ? text.replace(OLD_COMMAND, '#\\u0023[') : text;
  return withoutOldCommands.includes('::')
    ? withoutOldCommands.replace(LEADING_COMMAND, '\\u003A')
    : withoutOldCommands;
}

const OLD_COMMAND = /##\[/g;
// The first colon of a `::` that has, before it on its line, only what .NET's String.Trim() removes (JavaScript's
// whitespace, and NEL); the runner ends lines at \r as well as \n. Matching the colon first and looking behind keeps
// the scan fast on text with no command at all.
const LEADING_COMMAND = /(?<=(?:^|[\r\n])(?:(?![\r\n])[\s\u0085])*):(?=:)/g;

/** Workflow-command data (the message after `::`): the runner decodes `%25`, `%0D` and `%0A` back. */
export function workflowCommandData(text: string): string {
  // `##[` would be harmless inside a `::` command, which the runner parses first; defused anyway, as everywhere.
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/##\[/g, '#\\u0023[');
}

/** A workflow-command property value (`file=…,title=…`), where `:` and `,` also separate. */
export function workflowCommandProperty(text: string): string {
  return workflowCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Makes user text inert in GitHub Markdown, inline (a table cell, a list item, a heading): no raw HTML, no live
 * @mention or #reference, no emphasis, links, math or table breaks, and line breaks shown as `\n`.
 */
export function markdownInline(text: string): string {
  return singleLine(
    text
      .replace(/&/g, '&amp;')
      // Escaped before the entities below are written, so their own `#` is not escaped (`&\#96;` shows as text).
      .replace(/[\\*_[\]#|~$]/g, (character) => `\\${character}`)
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/`/g, '&#96;')
      .replace(/@/g, '@\u2060')
      .replace(/:\/\//g, '&#58;//')
      .replace(/www\./gi, (match) => `${match.slice(0, 3)}&#46;`),
  );
}

/**
 * User text as an inline code span, copyable as written: inside a code span GitHub interprets neither HTML, nor
 * mentions, nor backslash escapes, so the text is not escaped (a `\_` would be copied with its backslash). The
 * fence is longer than any backtick run inside and the text stays on one line. In a table cell, pass `inTable`: a
 * `|` would end the cell even inside a code span, so it is written `\|`, which GitHub's table parser removes again.
 */
export function markdownCode(text: string, options: { inTable?: boolean } = {}): string {
  const line = options.inTable ? singleLine(text).replace(/\|/g, '\\|') : singleLine(text);
  const longest = Math.max(0, ...Array.from(line.matchAll(/`+/g), (match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  const padded = /^[`\s]|[`\s]$/.test(line) ? ` ${line} ` : line;
  return `${fence}${padded}${fence}`;
}

/** A fenced block that user text cannot close early: the fence is longer than any backtick run inside. */
export function markdownCodeBlock(language: string, content: string): string {
  const longest = Math.max(2, ...Array.from(content.matchAll(/`+/g), (match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${content}\n${fence}`;
}

/**
 * A commit message built from our lines and user fragments (each already `singleLine`): NUL would make git refuse
 * the argument, and other control characters have no business in history.
 */
export function commitMessage(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  return text.replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g, (character) =>
    singleLine(character),
  );
}
