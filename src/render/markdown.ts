import { describeDrift, hasDrift } from '../core/drift.js';
import { type Change, type Diagnostic, type Plan, retirementOf } from '../core/model.js';
import { ALLOW_DESTRUCTIVE_LABEL, endsAHandshake, handshakeEffects } from '../core/policy.js';
import { BODY_LIMIT, fitToLimit, rankBy, type Shown } from './bounded.js';
import { actionLabel, mergeEffectLine, previousHandshakeLine, previousVerb, summaryLine } from './describe.js';
import { formatLocation } from './diagnostics.js';
import { described } from './kind-describers.js';
import { blobUrl, commitUrl, markdownLink, markdownUrl, type ReportLinks } from './links.js';
import { markdownCode, markdownCodeBlock, markdownInline } from './neutralise.js';
import { readingOrder } from './reading-order.js';
import { changeReasonText } from './reasons.js';
import { waitLine } from './resource-changes.js';
import { customerNoteOf, termsOf } from './terms.js';

/** What a body may use of GitHub's limit; the rest is left for the hidden markers the action puts in front. */
export const MARKDOWN_LIMIT = BODY_LIMIT - 1_536;

export interface MarkdownOptions extends ReportLinks {
  directory: string;
  maxLength?: number;
  /** The apply's max-destructive, so the warning can say when the merge will be held back. */
  maxDestructive?: number;
}

/** Above this many rows the table collapses, so the conversation stays readable. */
const TABLE_COLLAPSE_ROWS = 50;

/**
 * Makes user text inert in GitHub Markdown. Everything a declaration, the state or an API answer can contain passes
 * through here before it reaches a comment or a summary; the rules live in `neutralise.ts`, with every other sink's.
 */
export function escapeMarkdown(text: string): string {
  return markdownInline(text);
}

/** A fenced block that user text cannot close early. */
export function codeBlock(language: string, content: string): string {
  return markdownCodeBlock(language, content);
}

const SEVERITY_ICONS = { error: '❌', warning: '⚠️', notice: 'ℹ️' } as const;

export const DIAGNOSTIC_TABLE_HEAD = ['| | Where | Problem |', '|---|---|---|'];

/** One row: the severity, `file:line:column` linked to the blob at the head commit, the field and the message. */
export function diagnosticRow(diagnostic: Diagnostic, links: ReportLinks): string {
  const where = formatLocation(diagnostic);
  const location = diagnostic.location;
  const linked = location
    ? markdownLink(escapeMarkdown(where), blobUrl(links.repositoryUrl, links.headSha, location.file, location.line))
    : escapeMarkdown(diagnostic.name ?? '');
  const field = diagnostic.field ? `${escapeMarkdown(diagnostic.field)}: ` : '';
  return `| ${SEVERITY_ICONS[diagnostic.severity]}\u00a0${diagnostic.severity} | ${linked} | ${field}${escapeMarkdown(diagnostic.message)} |`;
}

/** Errors first, then warnings, then notices; otherwise in the order they were found. */
function bySeverity(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const rank = { error: 0, warning: 1, notice: 2 } as const;
  return diagnostics
    .map((diagnostic, index) => ({ diagnostic, index }))
    .sort((left, right) => rank[left.diagnostic.severity] - rank[right.diagnostic.severity] || left.index - right.index)
    .map((entry) => entry.diagnostic);
}

/** The Name cell: a rename reads `old-name → new-name`. */
function nameCell(change: Change): string {
  return change.action === 'rename'
    ? `${escapeMarkdown(change.previous.name)} → ${escapeMarkdown(change.name)}`
    : escapeMarkdown(change.name);
}

/**
 * Three columns, the type and the resource on a second line under the name: GitHub lays a table out at its content's
 * width and scrolls it sideways, so with five columns a phone (390 px) showed no Resource at all. Nothing is left out.
 */
const CHANGE_TABLE_HEAD = ['| Change | Name · type · resource | Terms |', '|---|---|---|'];

function changeRow(change: Change): string {
  const type = described(change).shortType();
  const resource = change.resource ? ` · ${escapeMarkdown(change.resource)}` : '';
  return `| ${actionLabel(change.action)} | ${nameCell(change)}<br>${type}${resource} | ${escapeMarkdown(termsOf(change))} |`;
}

/** "`ch-…` (`START_SERVICE_PERIOD`, PENDING, sent …)": identifiers as code, so they copy as written. */
function previousHandshakeMarkdown(change: Change): string | undefined {
  const handshake = change.previous?.handshake;
  if (!handshake) {
    const retired = retirementOf(change)?.id;
    return retired === undefined ? undefined : markdownCode(retired);
  }
  const line = previousHandshakeLine(change) ?? '';
  const rest = line.slice(line.indexOf(' (') + 2, -1).replace(`${handshake.handshakeType}, `, '');
  return `${markdownCode(handshake.id)} (${markdownCode(handshake.handshakeType)}, ${escapeMarkdown(rest)})`;
}

function changeDetails(change: Change): string {
  const lines = [`<details><summary>${actionLabel(change.action)} ${nameCell(change)}</summary>`, ''];
  const facts = [`**Why:** ${escapeMarkdown(changeReasonText(change))}`, described(change).subjectFact()];
  const previous = previousHandshakeMarkdown(change);
  if (previous) facts.push(`**${previousVerb(change)}:** ${previous}`);
  if (change.previous?.name) facts.push(`**Recorded under:** ${escapeMarkdown(change.previous.name)}`);
  const retire = retirementOf(change);
  if (retire && (change.action === 'replace' || change.action === 'supersede')) {
    facts.push(`**First:** ${retire.action} ${markdownCode(retire.id)}, then send the new handshake`);
  }
  // A backslash at the end of a line is a hard line break in GFM: no raw HTML needed.
  lines.push(facts.join('\\\n'), '');
  // What it changes and what it sends exactly, as its kind describes them (render/kind-describers.ts).
  lines.push(...described(change).markdownBlocks());
  lines.push('</details>');
  return lines.join('\n');
}

/**
 * What the customer reads, outside any `<details>`: under the table (a Notes column would push the table off a narrow
 * screen), one line per distinct note with the changes that send it, so a note shared by many handshakes is read once.
 */
function customerNotes(changes: readonly Change[]): string[] {
  const byNote = new Map<string, string[]>();
  for (const change of changes) {
    const note = customerNoteOf(change);
    if (note === undefined) continue;
    const names = byNote.get(note) ?? [];
    names.push(nameCell(change));
    byNote.set(note, names);
  }
  if (byNote.size === 0) return [];
  const lines = [...byNote].map(([note, names]) => `- ${names.join(', ')}: “${escapeMarkdown(note)}”`);
  return ['**Note the customer reads** (sent with the handshake, word for word):', '', ...lines, ''];
}

/** Which changes a cut body keeps longest: everything that ends a handshake, then edits, and creates last. */
function keepRank(change: Change): number {
  if (endsAHandshake(change.action)) return 0;
  if (change.action === 'create') return 2;
  return 1;
}

function destructiveWarning(plan: Plan, maxDestructive: number | undefined): string[] {
  const effects = handshakeEffects(plan.summary);
  const ending = effects.endsNow;
  if (ending === 0 && effects.supersedes === 0) return [];
  const parts = effects.endsNowByAction.map(({ action, count }) => `${count} ${action}`);
  const lines = [ending > 0 ? '> [!WARNING]' : '> [!NOTE]'];
  if (ending > 0) lines.push(`> This merge ends ${ending} handshake${ending === 1 ? '' : 's'} (${parts.join(', ')}).`);
  if (effects.supersedes > 0) {
    const many = effects.supersedes !== 1;
    lines.push(
      `> ${ending > 0 ? 'It also supersedes' : 'This merge supersedes'} ${effects.supersedes} handshake${many ? 's' : ''}: ${many ? 'each stays' : 'it stays'} in force until the customer accepts the new terms, so ${many ? 'they do' : 'it does'} not count toward max-destructive.`,
    );
  }
  if (maxDestructive !== undefined && ending > maxDestructive) {
    lines.push(
      `> That is more than max-destructive (${maxDestructive}): the apply will refuse unless the pull request has the label \`${ALLOW_DESTRUCTIVE_LABEL}\` or the workflow sets the \`allow-destructive\` input to \`true\`.`,
    );
  }
  return [...lines, ''];
}

/** Where the rest of a cut report is: the run log and, when it was uploaded, the JSON plan artifact. */
export function elsewhereLinks(links: ReportLinks): string {
  const places = [
    links.runUrl ? `The full text plan is in the ${markdownLink('run log', links.runUrl)}` : undefined,
    links.artifactUrl ? `the JSON plan is the ${markdownLink('plan artifact', links.artifactUrl)}` : undefined,
  ].filter((place): place is string => place !== undefined);
  if (links.artifactUrl && !links.runUrl)
    places[0] = `The JSON plan is the ${markdownLink('plan artifact', links.artifactUrl)}`;
  return places.length > 0 ? ` ${places.join('; ')}.` : ' Run `handshakes plan` locally for everything.';
}

/** The footer: the digest (only when there is something to apply), the head commit (linked) and the run. */
function footer(digest: string | undefined, links: ReportLinks): string[] {
  const lines: string[] = [];
  if (digest) lines.push(`Plan digest: \`${digest}\``, '');
  const context: string[] = [];
  if (links.headSha) {
    context.push(
      `head ${markdownLink(`\`${escapeMarkdown(links.headSha.slice(0, 12))}\``, commitUrl(links.repositoryUrl, links.headSha))}`,
    );
  }
  if (links.runUrl) context.push(`[run log](${markdownUrl(links.runUrl)})`);
  if (links.artifactUrl) context.push(`[JSON plan](${markdownUrl(links.artifactUrl)})`);
  if (context.length > 0) lines.push(`<sub>${context.join(' · ')}</sub>`);
  return lines;
}

export { footer as reportFooter };

/**
 * The plan as a pull-request comment or job summary: the counts, what merging will do, a warning when handshakes
 * end, a table, and one collapsible section per change. Bounded: when it would not fit, creates lose their details
 * and then their rows first, and the note says how many are listed and where the rest is.
 */
export function renderPlanMarkdown(plan: Plan, options: MarkdownOptions): string {
  const limit = options.maxLength ?? MARKDOWN_LIMIT;
  const head: string[] = [
    `### ${summaryLine(plan.summary).replace(/\.$/, '')} · channel-handshakes plan for \`${escapeMarkdown(options.directory)}\``,
    '',
  ];
  if (plan.changes.length > 0) head.push(mergeEffectLine(plan.summary), '');
  head.push(...destructiveWarning(plan, options.maxDestructive));
  if (plan.drift && hasDrift(plan.drift)) {
    head.push(
      '#### Changed outside this repository',
      '',
      ...describeDrift(plan.drift).map((line) => `- ${escapeMarkdown(line)}`),
      '',
    );
  }
  if (plan.waits && plan.waits.length > 0) {
    head.push(
      '#### Waiting (nothing sent for these yet)',
      '',
      ...plan.waits.map((wait) => `- ${escapeMarkdown(waitLine(wait))}`),
      '',
    );
  }
  if (plan.changes.length === 0) {
    head.push(
      plan.diagnostics.some((diagnostic) => diagnostic.severity === 'error')
        ? 'No changes planned: the errors below must be fixed first; nothing may be applied until then.'
        : plan.waits && plan.waits.length > 0
          ? 'Nothing to send now: what is declared waits for what it needs (above); a later apply sends it once ready.'
          : 'AWS already has what the declarations ask for, according to the recorded state.',
      '',
    );
  }
  const diagnostics: string[] =
    plan.diagnostics.length > 0
      ? [
          '#### Diagnostics',
          '',
          ...DIAGNOSTIC_TABLE_HEAD,
          ...bySeverity(plan.diagnostics).map((diagnostic) => diagnosticRow(diagnostic, options)),
          '',
        ]
      : [];
  const ranked = rankBy(plan.changes, keepRank);
  const rows = new Map(plan.changes.map((change) => [change, changeRow(change)]));
  const details = new Map<Change, string>();
  const detailsOf = (change: Change) => {
    let text = details.get(change);
    if (text === undefined) {
      text = changeDetails(change);
      details.set(change, text);
    }
    return text;
  };
  const total = plan.changes.length;
  const render = (shown: Shown): string => {
    const listed = new Set(ranked.slice(0, shown.listed));
    const detailed = new Set(ranked.slice(0, shown.detailed));
    const inOrder = readingOrder(plan.changes);
    const table: string[] = [];
    const tableHead = CHANGE_TABLE_HEAD;
    const shownRows = inOrder.filter((change) => listed.has(change));
    if (shownRows.length > TABLE_COLLAPSE_ROWS) {
      // A long table folds, but never what ends a handshake: those rows stay in sight above the fold.
      const decisive = shownRows.filter((change) => endsAHandshake(change.action));
      const rest = shownRows.filter((change) => !endsAHandshake(change.action));
      if (decisive.length > 0) table.push(...tableHead, ...decisive.map((change) => rows.get(change) ?? ''), '');
      if (rest.length > 0) {
        table.push(
          `<details><summary>Table of ${rest.length.toLocaleString('en-US')} ${decisive.length > 0 ? 'other ' : ''}changes</summary>`,
          '',
          ...tableHead,
          ...rest.map((change) => rows.get(change) ?? ''),
          '',
          '</details>',
          '',
        );
      }
    } else if (shownRows.length > 0) {
      table.push(...tableHead, ...shownRows.map((change) => rows.get(change) ?? ''), '');
    }
    table.push(...customerNotes(shownRows));
    const sections: string[] = [];
    for (const change of inOrder) if (detailed.has(change)) sections.push(detailsOf(change), '');
    const note: string[] = [];
    if (shown.listed < total || shown.detailed < total) {
      const what =
        shown.listed < total
          ? `${shown.listed.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} changes listed, ${shown.detailed.toLocaleString('en-US')} with details`
          : `All ${total.toLocaleString('en-US')} changes listed, ${shown.detailed.toLocaleString('en-US')} with details`;
      note.push(
        '> [!NOTE]',
        `> ${what}: a comment holds at most 65,536 characters, so creates were cut first and every change that ends a handshake is shown.${elsewhereLinks(options)}`,
        '',
      );
    }
    return `${[...head, ...note, ...table, ...sections, ...diagnostics, ...footer(plan.changes.length > 0 ? plan.digest : undefined, options)].join('\n')}\n`;
  };
  const ending = plan.changes.filter((change) => endsAHandshake(change.action)).length;
  return fitToLimit(total, render, limit, ending);
}
