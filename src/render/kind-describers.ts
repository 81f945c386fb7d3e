// The renderers' registry of declaration kinds: how a change of each kind reads in the terminal and in the
// pull-request comment, and how a plan's count of them reads in its summary line and its "Merging will…" sentence.
// Keyed by kind name like the core's registry (core/kind-registry.ts), so a new kind fails to compile until it says
// how its changes read. The renderers name no kind: they ask the change's describer, or every kind's words.
import { byKind, type ChangeOfKind, KIND_NAMES, type KindName, kindNameOfAction } from '../core/kinds.js';
import { type Change, type ChangeAction, type PlanSummary, type ResourceChange, sentRequestOf } from '../core/model.js';
import { OWNER_TAG_KEY } from '../core/ownership.js';
import { handshakeEffects } from '../core/policy.js';
import { changeLines, NOTHING_SENT, SHORT_TYPES, sentTypeOf } from './handshake-changes.js';
import { markdownCode, markdownCodeBlock, singleLine } from './neutralise.js';
import { resourceRequestLines, resourceUpdateLines } from './resource-changes.js';

/** A line of a change's details in the terminal, and the colour it is painted in. */
interface TextLine {
  color: 'dim' | 'yellow' | 'green' | 'red';
  text: string;
}

interface KindDescriber<K extends KindName> {
  /** The Type column of the terminal plan: the handshake type a change sends or acts on, or the kind it changes. */
  type(change: ChangeOfKind<K>): string;
  /** The Type column of the pull-request table, short enough for a narrow column. */
  shortType(change: ChangeOfKind<K>): string;
  /** The fact after "Why" in a change's details in the pull-request comment: what it sends, or what it changes. */
  subjectFact(change: ChangeOfKind<K>): string;
  /** The terminal's lines of what a change sends and what it changes, old → new (user text on one line each). */
  textLines(change: ChangeOfKind<K>): TextLine[];
  /** The pull-request comment's blocks of what a change changes and what it sends, exactly. */
  markdownBlocks(change: ChangeOfKind<K>): string[];
}

/**
 * The request exactly as it goes on the wire, clientToken and owner tag included, in one block: copied from here it
 * is what AWS receives.
 */
function exactRequest(change: Change): string[] {
  const sent = sentRequestOf(change);
  if (!sent) return [];
  return [
    `**Exact request** (CreateChannelHandshake, clientToken ${markdownCode(sent.clientToken)}):`,
    '',
    markdownCodeBlock('json', JSON.stringify(sent, null, 2)),
    '',
  ];
}

const HANDSHAKE_DESCRIBER: KindDescriber<'ChannelHandshake'> = {
  type: (change) => sentTypeOf(change) ?? NOTHING_SENT,
  shortType: (change) => {
    const sent = sentTypeOf(change);
    return sent === undefined ? NOTHING_SENT : SHORT_TYPES[sent];
  },
  subjectFact: (change) => {
    const sentType = sentTypeOf(change);
    return sentType === undefined || sentRequestOf(change) === undefined
      ? '**Sends:** nothing'
      : `**Sends:** ${markdownCode(sentType)} in catalog ${markdownCode(change.catalog ?? '')} for ${markdownCode(change.resource ?? '')}`;
  },
  textLines: (change) => {
    const lines: TextLine[] = [];
    const request = sentRequestOf(change);
    if (request) {
      const owner = request.tags?.find((tag) => tag.key === OWNER_TAG_KEY);
      const tag = owner ? `, owner tag ${OWNER_TAG_KEY} = ${JSON.stringify(singleLine(owner.value))}` : '';
      lines.push({
        color: 'dim',
        text: `exact request: ${request.handshakeType}, clientToken ${request.clientToken}${tag}`,
      });
    }
    for (const line of changeLines(change)) {
      // Diff colours: what is added green, what is removed red (a changed value is a -/+ pair).
      lines.push({ color: line.startsWith('+') ? 'green' : 'red', text: singleLine(line) });
    }
    return lines;
  },
  markdownBlocks: (change) => {
    const blocks: string[] = [];
    const differences = changeLines(change);
    if (differences.length > 0) blocks.push(markdownCodeBlock('diff', differences.join('\n')), '');
    blocks.push(...exactRequest(change));
    return blocks;
  },
};

/** Program management accounts and relationships read alike: the kind, its catalog, and what is sent to create it. */
const RESOURCE_DESCRIBER: KindDescriber<ResourceChange['kind']> = {
  type: (change) => change.kind,
  shortType: (change) => change.kind,
  subjectFact: (change) =>
    `**${change.kind}:** in catalog ${markdownCode(change.catalog ?? '')}${change.resource ? ` under ${markdownCode(change.resource)}` : ''}`,
  textLines: (change) => {
    const lines: TextLine[] = [];
    const resource = resourceRequestLines(change);
    if (resource) {
      lines.push({ color: 'dim', text: `clientToken: ${resource.clientToken}` });
      lines.push({ color: 'dim', text: `sends: ${singleLine(JSON.stringify(resource.request))}` });
      if (resource.owner)
        lines.push({
          color: 'dim',
          text: `owner tag: ${OWNER_TAG_KEY} = ${JSON.stringify(singleLine(resource.owner))}`,
        });
    }
    for (const line of resourceUpdateLines(change)) lines.push({ color: 'yellow', text: singleLine(line) });
    return lines;
  },
  markdownBlocks: (change) => {
    const blocks: string[] = [];
    const updated = resourceUpdateLines(change);
    if (updated.length > 0) blocks.push(markdownCodeBlock('diff', updated.join('\n')), '');
    const resource = resourceRequestLines(change);
    if (resource) {
      blocks.push(
        `**Exact request** (clientToken ${markdownCode(resource.clientToken)}${resource.owner ? `, owner tag ${markdownCode(resource.owner)}` : ''}):`,
        '',
        markdownCodeBlock('json', JSON.stringify(resource.request, null, 2)),
        '',
      );
    }
    return blocks;
  },
};

/** A change with its kind's describer: what the renderers call, without naming the kind. */
interface DescribedChange {
  type(): string;
  shortType(): string;
  subjectFact(): string;
  textLines(): TextLine[];
  markdownBlocks(): string[];
}

function describing<K extends KindName>(describer: KindDescriber<K>) {
  return (change: ChangeOfKind<K>): DescribedChange => ({
    type: () => describer.type(change),
    shortType: () => describer.shortType(change),
    subjectFact: () => describer.subjectFact(change),
    textLines: () => describer.textLines(change),
    markdownBlocks: () => describer.markdownBlocks(change),
  });
}

const DESCRIBERS: { readonly [K in KindName]: (change: ChangeOfKind<K>) => DescribedChange } = {
  ChannelHandshake: describing(HANDSHAKE_DESCRIBER),
  ProgramManagementAccount: describing(RESOURCE_DESCRIBER),
  Relationship: describing(RESOURCE_DESCRIBER),
};

/** How a change reads, by its kind's describer. */
export function described(change: Change): DescribedChange {
  return byKind(change, DESCRIBERS);
}

/** One part of the "Merging will…" sentence, placed where the action it is about is read (render/describe.ts). */
interface MergeEffect<K extends KindName> {
  at: ChangeOfKind<K>['action'];
  text: string;
}

/** How a plan's count of one kind's changes reads. */
interface KindWords<K extends KindName> {
  /** A count in the summary line, before the action's phrase: "2" handshakes, "1 relationship". */
  counted(count: number): string;
  /** What merging does to this kind's things, in the words of what happens to them. */
  mergeEffects(summary: PlanSummary): MergeEffect<K>[];
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

const countOf = (summary: PlanSummary, action: ChangeAction): number => summary[action] ?? 0;

const HANDSHAKE_WORDS: KindWords<'ChannelHandshake'> = {
  counted: (count) => count.toLocaleString('en-US'),
  mergeEffects: (summary) => {
    // The numbers come from core/policy.ts, as the warning's and the gate's do.
    const { endsNow, supersedes } = handshakeEffects(summary);
    const replaces = countOf(summary, 'replace');
    const creates = countOf(summary, 'create');
    const retags = countOf(summary, 'retag');
    const stateOnly = countOf(summary, 'rename') + countOf(summary, 'forget');
    const effects: MergeEffect<'ChannelHandshake'>[] = [];
    if (endsNow > 0) {
      const replaced =
        replaces === 0
          ? ''
          : ` (${replaces === endsNow && replaces === 1 ? 'it is' : `${replaces} of them`} replaced with ${replaces === 1 ? 'a new one' : 'new ones'})`;
      effects.push({ at: 'cancel', text: `end ${plural(endsNow, 'handshake')}${replaced}` });
    }
    if (supersedes > 0) {
      effects.push({
        at: 'supersede',
        text: `supersede ${plural(supersedes, 'handshake')} with new terms (in force until the customer accepts them)`,
      });
    }
    if (creates > 0) effects.push({ at: 'create', text: `send ${plural(creates, 'new handshake')}` });
    if (retags > 0) effects.push({ at: 'retag', text: `change the tags of ${plural(retags, 'handshake')}` });
    if (stateOnly > 0) {
      effects.push({
        at: 'rename',
        text: `update ${plural(stateOnly, 'entry', 'entries')} of the recorded state only`,
      });
    }
    return effects;
  },
};

/**
 * Program management accounts and relationships: what is created, changed in place and deleted, by its name. An
 * update changes a display name, support plan or tags in AWS, so the sentence says so ("change nothing" would be false).
 */
function resourceWords<K extends ResourceChange['kind']>(
  one: string,
  created: ChangeOfKind<K>['action'],
  updated: ChangeOfKind<K>['action'],
  deleted: ChangeOfKind<K>['action'],
): KindWords<K> {
  // The plain count, as the sentence has always written it (no thousands separator).
  const counted = (count: number) => `${count} ${one}${count === 1 ? '' : 's'}`;
  return {
    counted: (count) => plural(count, one),
    mergeEffects: (summary) => {
      const effects: MergeEffect<K>[] = [];
      const creates = countOf(summary, created);
      const updates = countOf(summary, updated);
      const deletes = countOf(summary, deleted);
      if (creates > 0) effects.push({ at: created, text: `create ${counted(creates)}` });
      if (updates > 0) effects.push({ at: updated, text: `change ${counted(updates)} in place` });
      if (deletes > 0) effects.push({ at: deleted, text: `delete ${counted(deletes)}` });
      return effects;
    },
  };
}

const KIND_WORDS: { readonly [K in KindName]: KindWords<K> } = {
  ChannelHandshake: HANDSHAKE_WORDS,
  ProgramManagementAccount: resourceWords(
    'program management account',
    'create-account',
    'update-account',
    'delete-account',
  ),
  Relationship: resourceWords('relationship', 'create-relationship', 'update-relationship', 'delete-relationship'),
};

/** How a count of one action's changes reads in the summary line, by the words of the action's kind. */
export function countedChanges(action: ChangeAction, count: number): string {
  return (KIND_WORDS[kindNameOfAction(action)] as KindWords<KindName>).counted(count);
}

/** Every kind's parts of the "Merging will…" sentence, in registry order (render/describe.ts puts them in order). */
export function mergeEffects(summary: PlanSummary): { at: ChangeAction; text: string }[] {
  return KIND_NAMES.flatMap((kind) => (KIND_WORDS[kind] as KindWords<KindName>).mergeEffects(summary));
}
