import { describeDrift, hasDrift } from '../core/drift.js';
import { type Change, type Plan, retirementOf } from '../core/model.js';
import { readableMoments } from './dates.js';
import { ACTION_SYMBOLS, mergeEffectLine, previousHandshakeLine, previousVerb, summaryLine } from './describe.js';
import { inReadingOrder, renderDiagnosticsText } from './diagnostics.js';
import { described } from './kind-describers.js';
import { singleLine } from './neutralise.js';
import { readingOrder } from './reading-order.js';
import { changeReasonText } from './reasons.js';
import { waitLine } from './resource-changes.js';
import { customerNoteOf, reachesTheCustomer, termsOf } from './terms.js';

export interface TextOptions {
  /** Colour only when writing to a terminal that wants it (not under NO_COLOR or --no-color): logs stay plain. */
  color: boolean;
}

const COLORS = { green: 32, red: 31, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;
type Color = keyof typeof COLORS;

const ACTION_COLORS = {
  create: 'green',
  cancel: 'red',
  revoke: 'red',
  replace: 'yellow',
  supersede: 'yellow',
  retag: 'cyan',
  rename: 'dim',
  forget: 'dim',
  'create-account': 'green',
  'create-relationship': 'green',
  'update-account': 'yellow',
  'update-relationship': 'yellow',
  'delete-account': 'red',
  'delete-relationship': 'red',
} as const;

const SEVERITY_COLORS = { error: 'red', warning: 'yellow', notice: 'dim' } as const;

// User text could start a new line or rewrite the reader's screen: one line, control characters shown escaped.
function plain(text: string): string {
  return singleLine(text);
}

/** The Name column: a rename reads `old-name → new-name`. */
function nameOf(change: Change): string {
  return plain(change.action === 'rename' ? `${change.previous.name} → ${change.name}` : change.name);
}

/**
 * The pull-request comment says "Merging will…"; a terminal runs apply itself, so its sentence starts from what
 * applying does.
 */
function applyEffectLine(plan: Plan): string {
  return mergeEffectLine(plan.summary).replace(/^Merging will\b/, 'Applying this plan will');
}

/** Columns as wide as their widest cell, so rows line up whatever the action or handshake type. */
function columnWidths(changes: readonly Change[]) {
  const widest = (cell: (change: Change) => string) => Math.max(...changes.map((change) => cell(change).length));
  return {
    symbol: widest((change) => ACTION_SYMBOLS[change.action]),
    action: widest((change) => change.action),
    name: widest(nameOf),
    type: widest((change) => described(change).type()),
    catalog: widest((change) => plain(change.catalog ?? '')),
  };
}

export function renderPlanText(plan: Plan, options: TextOptions): string {
  const paint = (color: Color, text: string) => (options.color ? `\u001B[${COLORS[color]}m${text}\u001B[0m` : text);
  const lines: string[] = [];
  if (plan.drift && hasDrift(plan.drift)) {
    lines.push(paint('bold', 'Changed outside this repository:'));
    for (const line of describeDrift(plan.drift)) lines.push(paint('yellow', `  ! ${plain(readableMoments(line))}`));
    lines.push('');
  }
  const summary = [`${paint('bold', 'Plan:')} ${summaryLine(plan.summary)}`, applyEffectLine(plan)];
  const refused = plan.diagnostics.some((diagnostic) => diagnostic.severity === 'error');
  if (plan.changes.length === 0) {
    lines.push(
      refused
        ? `${paint('bold', 'No changes planned.')} The errors below must be fixed first; nothing may be applied until then.`
        : plan.waits && plan.waits.length > 0
          ? `${paint('bold', 'Nothing to send now.')} What is declared waits for what it needs (below); a later apply sends it once ready.`
          : `${paint('bold', 'No changes.')} AWS already has what the declarations ask for, according to the recorded state.`,
    );
  } else {
    lines.push(...summary, '');
    const width = columnWidths(plan.changes);
    for (const change of readingOrder(plan.changes)) {
      const head = [
        ACTION_SYMBOLS[change.action].padEnd(width.symbol),
        change.action.padEnd(width.action),
        nameOf(change).padEnd(width.name),
        described(change).type().padEnd(width.type),
        plain(change.catalog ?? '').padEnd(width.catalog),
        plain(change.resource ?? ''),
      ].join('  ');
      lines.push(paint(ACTION_COLORS[change.action], head));
      lines.push(paint('dim', `      why: ${plain(changeReasonText(change))}`));
      const previous = previousHandshakeLine(change);
      if (previous) {
        lines.push(paint('dim', `      ${previousVerb(change).toLowerCase()}: ${plain(previous)}`));
      }
      const retire = retirementOf(change);
      if (retire && (change.action === 'replace' || change.action === 'supersede')) {
        lines.push(paint('dim', `      first ${retire.action}: ${plain(retire.id)}`));
      }
      // What the customer receives, under every change that reaches them: the terms and the note, word for word.
      if (reachesTheCustomer(change)) {
        const terms = termsOf(change);
        if (terms) lines.push(`      terms: ${plain(terms)}`);
        const note = customerNoteOf(change);
        if (note !== undefined) lines.push(`      note the customer reads: ${JSON.stringify(plain(note))}`);
      }
      // What it sends and what it changes, as its kind describes them (render/kind-describers.ts).
      for (const line of described(change).textLines()) lines.push(paint(line.color, `      ${line.text}`));
    }
  }
  if (plan.waits && plan.waits.length > 0) {
    lines.push('', paint('bold', 'Waiting (nothing sent for these yet):'));
    for (const wait of plan.waits) lines.push(paint('yellow', `  … ${plain(waitLine(wait))}`));
  }
  if (plan.diagnostics.length > 0) {
    lines.push('');
    lines.push(paint('bold', 'Diagnostics:'));
    for (const diagnostic of inReadingOrder(plan.diagnostics)) {
      const line = plain(readableMoments(renderDiagnosticsText([diagnostic])));
      lines.push(paint(SEVERITY_COLORS[diagnostic.severity], `  ${line}`));
    }
  }
  if (plan.changes.length > 0) {
    // A long plan scrolls its first lines away: the summary closes it too, next to the prompt that asks about it.
    lines.push('', ...summary);
  }
  lines.push('');
  lines.push(paint('dim', `digest ${plan.digest}`));
  return `${lines.join('\n')}\n`;
}
