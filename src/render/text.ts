import { describeDrift, hasDrift } from '../core/drift.js';
import { type Plan, retirementOf, sentRequestOf } from '../core/model.js';
import { OWNER_TAG_KEY } from '../core/ownership.js';
import {
  ACTION_SYMBOLS,
  changeLines,
  inDisplayOrder,
  mergeEffectLine,
  NOTHING_SENT,
  previousHandshakeLine,
  previousVerb,
  summaryLine,
} from './describe.js';
import { renderDiagnosticsText } from './diagnostics.js';
import { singleLine } from './neutralise.js';
import { changeReasonText } from './reasons.js';

export interface TextOptions {
  /** Colour only when writing to a terminal, so logs and files stay plain. */
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
} as const;

// User text could start a new line or rewrite the reader's screen: one line, control characters shown escaped.
function plain(text: string): string {
  return singleLine(text);
}

export function renderPlanText(plan: Plan, options: TextOptions): string {
  const paint = (color: Color, text: string) => (options.color ? `\u001B[${COLORS[color]}m${text}\u001B[0m` : text);
  const lines: string[] = [];
  if (plan.drift && hasDrift(plan.drift)) {
    lines.push(paint('bold', 'Changed outside this repository:'));
    for (const line of describeDrift(plan.drift)) lines.push(paint('yellow', `  ! ${plain(line)}`));
    lines.push('');
  }
  if (plan.changes.length === 0) {
    lines.push(
      `${paint('bold', 'No changes.')} AWS already has what the declarations ask for, according to the recorded state.`,
    );
  } else {
    lines.push(`${paint('bold', 'Plan:')} ${summaryLine(plan.summary)}`);
    lines.push(mergeEffectLine(plan.summary));
    lines.push('');
    const width = Math.max(...plan.changes.map((change) => change.name.length));
    for (const change of inDisplayOrder(plan.changes)) {
      const symbol = ACTION_SYMBOLS[change.action].padEnd(3);
      const head = `${symbol} ${change.action.padEnd(7)} ${plain(change.name).padEnd(width)}  ${change.handshakeType ?? NOTHING_SENT}  ${plain(change.catalog ?? '')}  ${plain(change.resource ?? '')}`;
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
      const request = sentRequestOf(change);
      if (request) {
        lines.push(paint('dim', `      clientToken: ${request.clientToken}`));
      }
      // What a revoke sends reaches the customer, note included: the reviewer sees it word for word.
      if (request?.handshakeType === 'REVOKE_SERVICE_PERIOD' && request.payload) {
        lines.push(paint('dim', `      sends: ${plain(JSON.stringify(request.payload))}`));
      }
      const owner = request?.tags?.find((tag) => tag.key === OWNER_TAG_KEY);
      if (owner) {
        lines.push(paint('dim', `      owner tag: ${OWNER_TAG_KEY} = ${JSON.stringify(plain(owner.value))}`));
      }
      for (const line of changeLines(change)) {
        lines.push(`      ${plain(line)}`);
      }
    }
  }
  if (plan.diagnostics.length > 0) {
    lines.push('');
    lines.push(paint('bold', 'Diagnostics:'));
    for (const line of renderDiagnosticsText(plan.diagnostics).split('\n')) {
      lines.push(`  ${plain(line)}`);
    }
  }
  lines.push('');
  lines.push(paint('dim', `digest ${plan.digest}`));
  return `${lines.join('\n')}\n`;
}
