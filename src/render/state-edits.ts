import { ALLOW_STATE_EDIT_LABEL } from '../core/policy.js';
import type { StateEdit } from '../core/state-edits.js';
import { markdownCode, markdownInline } from './neutralise.js';

// The warning a pull request that edits the recorded state gets, and the table of what it changed by meaning.

/** More rows than this are counted, not listed: the comment stays readable, and the count still says how much. */
const ROWS_SHOWN = 50;

/** User text from the state, inert; not in a code span, where the escapes would show. */
const code = (text: string) => markdownInline(text);

function record(edit: { index: number }): string {
  return `handshake ${edit.index + 1}`;
}

/** One edit in words, for a table row: what changed, from what to what. */
export function describeStateEdit(edit: StateEdit): { name: string; edit: string } {
  switch (edit.kind) {
    case 'lineage-changed':
      return { name: '—', edit: `lineage changed from ${code(edit.from)} to ${code(edit.to)}` };
    case 'record-added':
      return { name: edit.name, edit: `${record(edit)} added: ${code(edit.id)}` };
    case 'record-removed':
      return { name: edit.name, edit: `${record(edit)} removed: ${code(edit.id)}` };
    case 'field-changed':
      return {
        name: edit.name,
        edit: `${record(edit)}: ${edit.field} changed from ${code(edit.from)} to ${code(edit.to)}`,
      };
    case 'record-changed':
      return {
        name: edit.name,
        edit: `${record(edit)} (${code(edit.id)}): ${edit.fields.map(code).join(', ')} changed`,
      };
    case 'protect-removed':
      return { name: edit.name, edit: '**protect removed**' };
    case 'history-changed':
      return { name: edit.name, edit: `${edit.fields.map(code).join(', ')} changed` };
    case 'intent-added':
      return {
        name: edit.name,
        edit: `**intent added**: a ${code(edit.handshakeType)} for ${code(edit.resource)} that the next apply would send`,
      };
    case 'intent-removed':
      return { name: edit.name, edit: 'intent removed' };
    case 'intent-changed':
      return { name: edit.name, edit: '**intent changed**' };
    case 'tombstone-added':
      return {
        name: edit.name,
        edit: `**tombstone added**: ${code(edit.id)} would no longer be reported by refresh or the drift issue`,
      };
    case 'tombstone-removed':
      return { name: edit.name, edit: `tombstone removed: ${code(edit.id)}` };
    case 'resource-added':
      return { name: edit.name, edit: `resource record added: ${code(edit.id)}` };
    case 'resource-removed':
      return { name: edit.name, edit: `resource record removed: ${code(edit.id)}` };
    case 'resource-field-changed':
      return {
        name: edit.name,
        edit: `**${edit.field} changed** from ${code(edit.from)} to ${code(edit.to)}: an update or delete would go to it`,
      };
    case 'resource-changed':
      return {
        name: edit.name,
        edit: `resource record (${code(edit.id)}): ${edit.fields.map(code).join(', ')} changed`,
      };
    case 'resource-intent-added':
      return {
        name: edit.name,
        edit: `**intent added**: a ${code(edit.resourceKind)} create that the next apply would send`,
      };
    case 'resource-intent-removed':
      return { name: edit.name, edit: 'resource intent removed' };
    case 'resource-intent-changed':
      return { name: edit.name, edit: '**resource intent changed**' };
    case 'deferred-changed':
      return {
        name: '—',
        edit: `the reviewed remainder of a plan (deferred): ${edit.fields.map(code).join(', ')} changed`,
      };
  }
}

/** The table of edits, at most ROWS_SHOWN rows and a line counting the rest. */
export function stateEditsTable(edits: readonly StateEdit[]): string[] {
  const rows = edits.slice(0, ROWS_SHOWN).map((edit) => {
    const described = describeStateEdit(edit);
    return `| ${described.name === '—' ? '—' : code(described.name)} | ${described.edit} |`;
  });
  const rest = edits.length - rows.length;
  return [
    '| Name | Edit |',
    '|---|---|',
    ...rows,
    ...(rest > 0 ? ['', `…and ${rest} more edit${rest === 1 ? '' : 's'}.`] : []),
  ];
}

/**
 * The opening of a plan comment on a pull request that edits the state: the warning, what merging will do, and the
 * semantic diff. The plan below it was computed from the edited state, so it is shown, but it is not applied as is.
 */
export function renderStateEditsMarkdown(
  edits: readonly StateEdit[],
  options: { stateFile: string; labels: readonly string[] },
): string {
  const allowed = options.labels.includes(ALLOW_STATE_EDIT_LABEL);
  return `${[
    `### ⚠️ This pull request edits the recorded state (${markdownCode(options.stateFile)})`,
    '',
    `The state says which handshakes are ours: what a merge cancels, revokes, retags or resumes follows from it, and only applies should write it. ${edits.length} edit${edits.length === 1 ? '' : 's'} by meaning, from the pull request's base to its head:`,
    '',
    ...stateEditsTable(edits),
    '',
    allowed
      ? `The label \`${ALLOW_STATE_EDIT_LABEL}\` is on this pull request: merging applies the plan below, computed from the edited state.`
      : `**Merging applies nothing** (\`failure-reason=state-edited\`) unless the label \`${ALLOW_STATE_EDIT_LABEL}\` is on this pull request. Undo the edit (restore the state file from the base branch), or add the label once every edit above is intended.`,
    '',
    '---',
    '',
  ].join('\n')}`;
}
