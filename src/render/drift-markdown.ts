import { forgottenOnPurpose } from '../core/drift.js';
import { findSent, latestSentOf } from '../core/history.js';
import type {
  DriftReport,
  HandshakeStatus,
  ManagedElsewhere,
  MissingHandshake,
  OwnUnrecorded,
  RecordedState,
  StatusChange,
  UnmanagedHandshake,
} from '../core/model.js';
import { fitToLimit, type Shown } from './bounded.js';
import { readableMoment } from './dates.js';
import type { ReportLinks } from './links.js';
import { codeBlock, escapeMarkdown, MARKDOWN_LIMIT, reportFooter } from './markdown.js';
import { singleLine } from './neutralise.js';

/** What a drift finding asks of people: nothing (an ordinary answer, recorded quietly) or a decision. */
export type DriftItem =
  | { kind: 'answered'; change: StatusChange }
  | { kind: 'not-in-effect'; change: StatusChange }
  | { kind: 'revoke-not-in-effect'; change: StatusChange }
  | { kind: 'missing'; entry: MissingHandshake }
  | { kind: 'unmanaged'; item: UnmanagedHandshake }
  | { kind: 'managed-elsewhere'; item: ManagedElsewhere }
  | { kind: 'own-unrecorded'; item: OwnUnrecorded };

const ENDED: ReadonlySet<HandshakeStatus> = new Set(['REJECTED', 'EXPIRED', 'CANCELED']);

/**
 * Sorts drift into what needs a person and what does not. A receiver accepting is what the handshake was sent
 * for: it is recorded, never held back. A declaration that is not in effect (rejected, expired, cancelled outside),
 * a revoke that did not take, a recorded handshake AWS no longer returns and one nobody declared need a decision;
 * so does a live handshake another repository's owner tag claims on a relationship (not drift of this state, but two
 * repositories must not both manage one relationship).
 */
export function classifyDrift(report: DriftReport): { attention: DriftItem[]; quiet: DriftItem[] } {
  const attention: DriftItem[] = [];
  const quiet: DriftItem[] = [];
  for (const change of report.statusChanges) {
    if (!ENDED.has(change.to)) quiet.push({ kind: 'answered', change });
    else attention.push({ kind: change.part === 'revocation' ? 'revoke-not-in-effect' : 'not-in-effect', change });
  }
  for (const entry of report.missing) attention.push({ kind: 'missing', entry });
  for (const item of report.unmanaged) attention.push({ kind: 'unmanaged', item });
  for (const item of report.managedElsewhere ?? []) attention.push({ kind: 'managed-elsewhere', item });
  for (const item of report.ownUnrecorded ?? []) {
    (forgottenOnPurpose(item) ? quiet : attention).push({ kind: 'own-unrecorded', item });
  }
  return { attention, quiet };
}

export function needsAttention(report: DriftReport): boolean {
  return classifyDrift(report).attention.length > 0;
}

export interface DriftMarkdownOptions extends ReportLinks {
  directory: string;
  /** When the refresh ran, ISO 8601. */
  checkedAt: string;
  /** The state before the refresh: revisions and specs, so each item can name the YAML that resolves it. */
  state?: RecordedState;
  /** Whether status changes are committed back (commit-state): only then does the report say so. */
  commitState?: boolean;
  maxLength?: number;
}

const CANCEL_COMMAND = (catalog: string, id: string) =>
  `aws partnercentral-channel cancel-channel-handshake --catalog ${catalog} --identifier ${id}`;

// A copied block must never carry a line or a word that an answer from the API, or a hand-edited state, slipped in:
// commands are offered only for values of the shape AWS documents, and a name is written as a quoted YAML string.
const SAFE_ID = /^ch-[a-z0-9]{13}$/;
const SAFE_CATALOG = /^[A-Za-z]{1,64}$/;
const SAFE_WORD = /^[A-Z_]{1,40}$/;

function itemLines(item: DriftItem, options: DriftMarkdownOptions): string[] {
  const at = (when: string | undefined) => (when ? ` on ${escapeMarkdown(readableMoment(when))}` : '');
  const status = (value: string) => escapeMarkdown(value);
  switch (item.kind) {
    case 'answered': {
      const { change } = item;
      return [
        `- **${escapeMarkdown(change.name)}**${change.part === 'revocation' ? ' (its revoke)' : ''}: ${status(change.from)} → ${status(change.to)}${at(change.at)} (${escapeMarkdown(change.id)})`,
      ];
    }
    case 'not-in-effect': {
      const { change } = item;
      const recorded = options.state ? latestSentOf(options.state, change.name) : undefined;
      const next = (recorded?.spec.revision ?? 0) + 1;
      return [
        `- **${escapeMarkdown(change.name)}** is not in effect: ${status(change.from)} → ${status(change.to)}${at(change.at)} (${escapeMarkdown(change.id)}). To send it again, raise its revision; to stop asking, delete the declaration.`,
        ...revisionBlock(change.name, next),
      ];
    }
    case 'revoke-not-in-effect': {
      const { change } = item;
      const ended = options.state ? findSent(options.state, change.id)?.entry.ends : undefined;
      return [
        `- **${escapeMarkdown(change.name)}**: its revoke ${escapeMarkdown(change.id)} went ${status(change.from)} → ${status(change.to)}${at(change.at)}, so the service period of ${escapeMarkdown(ended ?? 'the handshake')} continues. Agree the end with the receiver and declare an explicit REVOKE_SERVICE_PERIOD for it, or restore the declaration to keep it.`,
      ];
    }
    case 'missing': {
      const { entry } = item;
      return [
        `- **${escapeMarkdown(entry.name)}**: ${escapeMarkdown(entry.id)} is recorded as ${escapeMarkdown(entry.status)}, but AWS no longer returns it. Check in Partner Central whether it was deleted; to send it again, raise its revision.`,
        ...revisionBlock(
          entry.name,
          ((options.state ? latestSentOf(options.state, entry.name) : undefined)?.spec.revision ?? 0) + 1,
        ),
      ];
    }
    case 'unmanaged': {
      const { item: handshake } = item;
      const safe =
        SAFE_ID.test(handshake.id) &&
        SAFE_CATALOG.test(handshake.catalog) &&
        SAFE_WORD.test(handshake.handshakeType) &&
        SAFE_WORD.test(handshake.status);
      // A cancel works only on a PENDING handshake: an ACCEPTED one (a PMA has no undo) is offered the import only.
      const cancel = handshake.status === 'PENDING' ? `\n${CANCEL_COMMAND(handshake.catalog, handshake.id)}` : '';
      const commands = safe
        ? `handshakes import --dir ${shellWord(singleLine(options.directory))} --catalog ${handshake.catalog} --type ${handshake.handshakeType} --status ${handshake.status}${cancel}`
        : '# AWS returned an id, catalog, type or status of an unexpected form:\n# check this handshake in Partner Central before importing or cancelling it.';
      return [
        `- **${escapeMarkdown(handshake.id)}**: ${escapeMarkdown(handshake.handshakeType)} for ${escapeMarkdown(handshake.associatedResourceId)} in ${escapeMarkdown(handshake.catalog)}, ${status(handshake.status)}${handshake.createdAt ? ` since ${escapeMarkdown(readableMoment(handshake.createdAt))}` : ''}, is in no declaration. ${handshake.status === 'PENDING' ? 'Adopt it, or cancel it if nobody needs it:' : 'Adopt it (a cancel works only while it is PENDING):'}`,
        '',
        codeBlock('sh', commands),
      ];
    }
    case 'own-unrecorded': {
      const { item: handshake } = item;
      const where = `${escapeMarkdown(handshake.handshakeType)} for ${escapeMarkdown(handshake.associatedResourceId)} in ${escapeMarkdown(handshake.catalog)}, ${status(handshake.status)}${handshake.createdAt ? ` since ${escapeMarkdown(readableMoment(handshake.createdAt))}` : ''}`;
      if (forgottenOnPurpose(handshake)) {
        return [
          `- **${escapeMarkdown(handshake.id)}**: ${where}, was sent from this repository for **${escapeMarkdown(handshake.name)}** and forgotten: AWS has no undo for an accepted program management account handshake. Nothing to do.`,
        ];
      }
      const cancel =
        handshake.status === 'PENDING' && SAFE_ID.test(handshake.id) && SAFE_CATALOG.test(handshake.catalog)
          ? ['', codeBlock('sh', CANCEL_COMMAND(handshake.catalog, handshake.id))]
          : [];
      return [
        `- **${escapeMarkdown(handshake.id)}**: ${where}, carries this repository's owner tag for **${escapeMarkdown(handshake.name)}** but the state does not record it: another checkout sent it, or the state lost it. The next apply of that name adopts it when its terms match the declaration, and holds back otherwise.${cancel.length > 0 ? ' If it is a second live handshake for the name, cancel the newer one:' : ''}`,
        ...cancel,
      ];
    }
    case 'managed-elsewhere': {
      const { item: handshake } = item;
      return [
        `- **${escapeMarkdown(handshake.id)}**: ${escapeMarkdown(handshake.handshakeType)} for ${escapeMarkdown(handshake.associatedResourceId)} in ${escapeMarkdown(handshake.catalog)}, ${status(handshake.status)}${handshake.createdAt ? ` since ${escapeMarkdown(readableMoment(handshake.createdAt))}` : ''}, was sent by another repository (owner tag ${escapeMarkdown(singleLine(handshake.owner))}). It is not imported and never cancelled from here: agree with that repository's owners which one manages this relationship, and remove the declaration from the other.`,
      ];
    }
  }
}

function revisionBlock(name: string, revision: number): string[] {
  return ['', codeBlock('yaml', `name: ${JSON.stringify(singleLine(name))}\nrevision: ${revision}`)];
}

function shellWord(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

const HEADINGS: Record<DriftItem['kind'], string> = {
  'not-in-effect': 'Declarations not in effect',
  'revoke-not-in-effect': 'Revokes that did not take',
  missing: 'Recorded handshakes AWS no longer returns',
  unmanaged: 'Handshakes in no declaration',
  'managed-elsewhere': 'Handshakes another repository manages',
  'own-unrecorded': 'Handshakes of this repository the state does not record',
  answered: 'Answers recorded quietly',
};

const plural = (count: number, word: string) => `${count.toLocaleString('en-US')} ${word}${count === 1 ? '' : 's'}`;

/** The counts, zero counts left out: "1 not in effect, 2 unmanaged". */
export function driftCounts(report: DriftReport): string {
  const { attention, quiet } = classifyDrift(report);
  const count = (kind: DriftItem['kind']) => attention.filter((item) => item.kind === kind).length;
  const answers = quiet.filter((item) => item.kind === 'answered').length;
  return [
    [count('not-in-effect'), 'not in effect'],
    [
      count('revoke-not-in-effect'),
      count('revoke-not-in-effect') === 1 ? 'revoke not in effect' : 'revokes not in effect',
    ],
    [count('missing'), 'missing'],
    [count('unmanaged'), 'unmanaged'],
    [count('managed-elsewhere'), 'managed elsewhere'],
    [count('own-unrecorded'), 'not recorded'],
    [answers, answers === 1 ? 'answer' : 'answers'],
  ]
    .filter(([number]) => (number as number) > 0)
    .map(([number, word]) => `${(number as number).toLocaleString('en-US')} ${word}`)
    .join(', ');
}

/**
 * The drift report for the job summary and the drift issue: what needs a person first, each item with the command
 * or YAML that resolves it, then the answers recorded quietly. Bounded: quiet answers are cut first.
 */
export function renderDriftMarkdown(report: DriftReport, options: DriftMarkdownOptions): string {
  const { attention, quiet } = classifyDrift(report);
  const counts = driftCounts(report);
  const title =
    attention.length > 0
      ? `${plural(attention.length, 'handshake')} need${attention.length === 1 ? 's' : ''} a person`
      : quiet.length > 0
        ? 'No drift that needs a person'
        : 'No drift';
  const head = [
    `### ${title} · channel-handshakes drift for \`${escapeMarkdown(options.directory)}\``,
    '',
    `Checked ${readableMoment(options.checkedAt)}${counts ? `: ${counts}` : ''}. ${attention.length === 0 && quiet.length === 0 ? 'AWS matches the recorded state.' : ''}`.trimEnd(),
    '',
  ];
  const ranked = [...attention, ...quiet];
  const total = ranked.length;
  const recordedNote =
    quiet.length > 0
      ? options.commitState === true
        ? 'These answers are recorded in the state; nobody needs to act.'
        : 'Nobody needs to act. They are not committed (commit-state is false), so the next drift run reports them again.'
      : '';
  const render = (shown: Shown): string => {
    const kept = ranked.slice(0, shown.listed);
    const sections: string[] = [];
    for (const kind of [
      'not-in-effect',
      'revoke-not-in-effect',
      'missing',
      'unmanaged',
      'own-unrecorded',
      'managed-elsewhere',
      'answered',
    ] as const) {
      const items = kept.filter((item) => item.kind === kind);
      if (items.length === 0) continue;
      sections.push(`#### ${HEADINGS[kind]}`, '');
      for (const item of items) sections.push(...itemLines(item, options));
      sections.push('');
      if (kind === 'answered' && recordedNote) sections.push(recordedNote, '');
    }
    const note =
      shown.listed < total
        ? [
            '> [!NOTE]',
            `> ${shown.listed.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} items listed: an issue holds at most 65,536 characters, so quiet answers were cut first.${options.runUrl ? ' The run log has every item.' : ''}`,
            '',
          ]
        : [];
    return `${[...head, ...note, ...sections, ...reportFooter(undefined, options)].join('\n')}\n`;
  };
  return fitToLimit(total, render, options.maxLength ?? MARKDOWN_LIMIT);
}
