/**
 * The hostile texts of issue 10, each with what must come of it. Every writer (terminal line, workflow command,
 * Markdown, commit message) is fed the same corpus; `BENIGN` is the harmless text each result is compared with.
 */

export interface HostileText {
  name: string;
  text: string;
  /** What must happen, in words; the checks in injection.test.ts are the same for every entry. */
  expected: string;
}

export const BENIGN = 'benign';

/** The word every injected command carries, so a test can tell an injected command from one we wrote. */
export const INJECTED = 'INJECTED';

export const INJECTION_CORPUS: readonly HostileText[] = [
  {
    name: 'a line break, then an ::error command (the file name of the issue)',
    text: `x\n::error title=${INJECTED}::owned\ny`,
    expected: 'shown as x\\n::error…; no line starts with ::',
  },
  {
    name: 'a carriage return, then a ::warning command',
    text: `x\r::warning::${INJECTED}`,
    expected: 'shown as \\r; the runner splits lines on \\r too',
  },
  {
    name: 'CRLF around ::stop-commands:: (would switch off ::add-mask::)',
    text: `x\r\n::stop-commands::${INJECTED}\r\n`,
    expected: 'no stop-commands line; every later ::add-mask:: still counts',
  },
  { name: 'a leading ::notice', text: `::notice::${INJECTED}`, expected: 'defused when it starts a line' },
  {
    name: 'leading spaces before ::add-mask (the runner trims)',
    text: `   ::add-mask::${INJECTED}`,
    expected: 'defused: the runner trims before it looks for ::',
  },
  { name: 'the older ##[ form, mid-line', text: `a ##[error]${INJECTED}`, expected: 'no ##[ anywhere in a log line' },
  { name: 'NEL before ::error (.NET trims it)', text: `\u0085::error::${INJECTED}`, expected: 'defused' },
  {
    name: 'U+2028 and U+0085 line separators',
    text: `a\u2028::error::${INJECTED}\u0085b`,
    expected: 'shown escaped',
  },
  { name: 'terminal escape sequences', text: '\u001b[2J\u001b[31mred\u0007', expected: 'shown escaped, no ESC byte' },
  { name: 'a bidirectional override (Trojan Source)', text: 'abc\u202Edcb\u2066', expected: 'shown escaped' },
  { name: 'NUL', text: 'a\u0000b', expected: 'shown escaped; git would refuse it in a commit message' },
  {
    name: 'raw HTML',
    text: '<img src=x onerror=alert(1)><script>alert(1)</script>',
    expected: 'inert in Markdown: &lt;…',
  },
  {
    name: 'our own hidden plan-data marker',
    text: '<!-- channel-handshakes:plan-data {"digest":"sha256:0","summary":{}} -->',
    expected: 'inert: never read as the reviewed plan',
  },
  {
    name: 'a Markdown link, mention, reference, emphasis and code',
    text: '[click](https://evil.example) @octocat #1 **bold** `code` ![img](x)',
    expected: 'no live link, mention or reference',
  },
  { name: 'a table break', text: 'a | b\n|---|---|', expected: 'stays in its cell, on its line' },
  { name: 'a details close', text: '</details></summary></sub>', expected: 'inert' },
  { name: 'a code fence and a heading', text: '```\n# heading\n```', expected: 'cannot close our fence' },
  { name: 'percent escapes', text: `%0A::error::${INJECTED} %25 %3A`, expected: 'stays literal, not decoded' },
  { name: 'math', text: '$\\huge{x}$', expected: 'inert' },
  { name: 'a commit trailer', text: 'x\nCo-authored-by: Mallory <m@example.com>', expected: 'no trailer line' },
];

/** Names a file on disk can have (no `/`, no NUL): the ones the runner or a terminal would act on. */
export const HOSTILE_FILE_NAMES: readonly string[] = [
  `x\n::error title=${INJECTED}::owned\ny.yaml`,
  `x\r::stop-commands::${INJECTED}\ry.yaml`,
  `::warning::${INJECTED}.yaml`,
  `##[error]${INJECTED}.yaml`,
  '<script>alert(1)<script>.yaml',
];

/** Lines a log may carry that start with `::`: only the commands we write, in the forms we write them. */
const OUR_COMMANDS = [
  /^::add-mask::/,
  /^::(error|warning|notice)( file=[^,:]*,line=\d+,col=\d+)?( title=channel-handshakes(%3A [^,:]*)?|,title=channel-handshakes(%3A [^,:]*)?)?::/,
];

/** String.Trim() as the runner (.NET) does it: JavaScript's whitespace and NEL (U+0085). */
export function dotnetTrim(text: string): string {
  return text.replace(/^[\s\u0085]+|[\s\u0085]+$/g, '');
}

/**
 * The problems with a log: a line the runner would read as a command that we did not write, or an injected
 * command's word in an ::add-mask::. Lines are split the way the runner splits them: on \n and on \r.
 */
export function foreignCommands(log: string): string[] {
  const problems: string[] = [];
  for (const line of log.split(/\r\n|\r|\n/)) {
    const trimmed = dotnetTrim(line);
    if (line.includes('##[')) problems.push(`legacy command: ${JSON.stringify(line)}`);
    if (!trimmed.startsWith('::')) continue;
    if (!OUR_COMMANDS.some((pattern) => pattern.test(trimmed))) {
      problems.push(`foreign command: ${JSON.stringify(line)}`);
    } else if (trimmed.startsWith('::add-mask::') && trimmed.includes(INJECTED)) {
      problems.push(`injected mask: ${JSON.stringify(line)}`);
    }
  }
  return problems;
}

/** Removes fenced code blocks whose fences we wrote, and counts them, so what remains is Markdown a reader sees. */
function withoutCodeBlocks(markdown: string): { text: string; blocks: number } {
  const kept: string[] = [];
  let fence: string | undefined;
  let blocks = 0;
  for (const line of markdown.split('\n')) {
    if (fence === undefined) {
      const opening = /^(`{3,})[a-z]*$/.exec(line);
      if (opening) {
        fence = opening[1];
        blocks++;
      } else kept.push(line);
    } else if (line === fence) fence = undefined;
  }
  return { text: kept.join('\n'), blocks };
}

/** Raw HTML in Markdown outside code blocks that is not one of the tags we write. */
export function strayHtml(markdown: string): string[] {
  const { text } = withoutCodeBlocks(markdown);
  // The HTML the renderers write themselves (user text never carries a raw `<`: it is escaped to &lt;).
  const ours = /<!-- channel-handshakes:[^\n]*? -->|<\/?(details|summary|sub)>|<br>/g;
  return (
    text
      .replace(ours, '')
      .split('\n')
      // A `>` that starts a line is a blockquote (GitHub's `> [!WARNING]` alerts among them), not HTML.
      .map((line) => line.replace(/^(> ?)+/, ''))
      .filter((line) => line.includes('<') || line.includes('>'))
  );
}

/**
 * The features of Markdown a hostile text could add: lines (table rows, headings, trailers), raw HTML, links,
 * autolinks, mentions, unescaped table pipes and emphasis. Equal for a hostile and a benign rendering means inert.
 */
/**
 * A line with each inline code span's content taken out, the span kept as one `code` mark: GFM shows what a code span
 * holds literally (no HTML, mention, link or emphasis), and a span closes only at a backtick run of its own length.
 */
function withoutCodeSpans(text: string): { text: string; spans: number } {
  let spans = 0;
  const stripped = text.replace(/(?<!`)(`+)(?!`)[^\n]*?[^`\n]\1(?!`)/g, () => {
    spans++;
    return 'code';
  });
  return { text: stripped, spans };
}

export function markdownStructure(markdown: string): Record<string, number> {
  const { text: withSpans, blocks } = withoutCodeBlocks(markdown);
  const { text, spans } = withoutCodeSpans(withSpans);
  const count = (pattern: RegExp) => (text.match(pattern) ?? []).length;
  return {
    lines: markdown.split('\n').length,
    codeBlocks: blocks,
    codeSpans: spans,
    htmlOpen: count(/</g),
    htmlClose: count(/>/g),
    links: count(/(?<!\\)\]\(/g),
    autolinks: count(/https?:\/\/|www\./gi),
    mentions: count(/@(?!\u2060)/g),
    // `&#96;` is an entity we write, not a reference.
    references: count(/(?<![\\&])#\d/g),
    pipes: count(/(?<!\\)\|/g),
    emphasis: count(/(?<!\\)[*_~$]/g),
    backticks: count(/`/g),
  };
}

/**
 * Hostile edits of a recorded state (issue 16), as a pull request could make them: each is applied to a valid state
 * (see state-rules.test.ts) and must be refused with a JSON path and "restore from git", or, for the last kind, be
 * accepted because nothing in the file can tell it apart (apply-time target confirmation is the guard there).
 */
export interface HostileStateEdit {
  name: string;
  /** Changes the parsed state in place. */
  edit(state: HostileStateShape): void;
  /** The problems the refusal must list (each matched somewhere in it), or `accepted`. */
  expected: readonly RegExp[] | 'accepted';
}

// biome-ignore lint/suspicious/noExplicitAny: a hostile edit may put anything anywhere
export type HostileStateShape = Record<string, any>;

const FOREIGN_ID = 'ch-f0re1gn0000aa';
const arnOf = (id: string, catalog = 'AWS') =>
  `arn:aws:partnercentral:us-east-1:111122223333:catalog/${catalog}/channel-handshake/${id}`;
/** A tombstone of a forgotten ACCEPTED PMA handshake (state format version 5), as apply writes it. */
const tombstone = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  arn: arnOf(id),
  name: 'gone',
  reason: 'no-longer-declared',
  forgottenAt: '2026-12-01T00:00:00Z',
  ...overrides,
});

export const HOSTILE_STATE_EDITS: readonly HostileStateEdit[] = [
  {
    name: 'an id pointed at another repository’s handshake, its arn left as it was',
    edit: (state) => {
      state.declarations.alpha.handshakes[0].id = FOREIGN_ID;
    },
    expected: [/\$\.declarations\.alpha\.handshakes\[0\]\.arn names ch-\w+, but the record's id is "ch-f0re1gn0000aa"/],
  },
  {
    name: 'an id and arn pointed at another repository’s handshake in another catalog',
    edit: (state) => {
      state.declarations.alpha.handshakes[0].id = FOREIGN_ID;
      state.declarations.alpha.handshakes[0].arn = arnOf(FOREIGN_ID, 'Sandbox');
    },
    expected: [/\.handshakes\[0\]\.arn names catalog Sandbox, but the record's catalog \(spec\.catalog\) is AWS/],
  },
  {
    name: 'an id and arn pointed at another repository’s handshake, consistently (not decidable from the file)',
    edit: (state) => {
      state.declarations.alpha.handshakes[0].id = FOREIGN_ID;
      state.declarations.alpha.handshakes[0].arn = arnOf(FOREIGN_ID);
    },
    expected: 'accepted',
  },
  {
    name: 'an empty id ""',
    edit: (state) => {
      state.declarations.alpha.handshakes[0].id = '';
    },
    expected: [/\$\.declarations\.alpha\.handshakes\[0\]\.id must be a channel handshake id .*not ""/],
  },
  {
    name: 'an id with an upper-case letter and one too many characters',
    edit: (state) => {
      state.declarations.alpha.handshakes[0].id = 'ch-ABCDEFGHIJKLMN';
    },
    expected: [/handshakes\[0\]\.id must be a channel handshake id/],
  },
  {
    name: 'spec.name that is no declaration name at all',
    edit: (state) => {
      state.declarations.alpha.handshakes[0].spec.name = '';
    },
    expected: [/\$\.declarations\.alpha\.handshakes\[0\]\.spec\.name must be a declaration name, not ""/],
  },
  {
    // Apply writes exactly this after renaming charlie → alpha and declaring a new charlie (found by the lifecycle
    // property test): version 2 cannot tell the edit from it. Recorded spec names steer nothing; see docs/lifecycle.md.
    name: 'spec.name naming another recorded declaration (what a rename left before format version 5)',
    edit: (state) => {
      state.declarations.alpha.handshakes[0].spec.name = 'bravo';
    },
    expected: [/\$\.declarations\.alpha\.handshakes\[0\]\.spec\.name must be "alpha", the key it is recorded under/],
  },
  {
    name: 'a tombstone whose arn names another handshake',
    edit: (state) => {
      state.tombstones = [tombstone('ch-t0mb0000000aa', { arn: arnOf(FOREIGN_ID) })];
    },
    expected: [/\$\.tombstones\[0\]\.arn names ch-f0re1gn0000aa, but the tombstone's id is ch-t0mb0000000aa/],
  },
  {
    name: 'a tombstone with an empty id, an unknown reason and an unknown key',
    edit: (state) => {
      state.tombstones = [tombstone('', { reason: 'because', hides: 'everything' })];
    },
    expected: [
      /\$\.tombstones\[0\]\.id must be a channel handshake id/,
      /\$\.tombstones\[0\]\.reason must be one of no-longer-declared, forget-document/,
      /\$\.tombstones\[0\]\.hides is not a field of a tombstone/,
    ],
  },
  {
    name: 'one handshake with two tombstones',
    edit: (state) => {
      state.tombstones = [tombstone('ch-t0mb0000000aa'), tombstone('ch-t0mb0000000aa')];
    },
    expected: [/\$\.tombstones\[1\]\.id ch-t0mb0000000aa has a tombstone twice \(also at \$\.tombstones\[0\]\)/],
  },
  {
    name: 'one id recorded under two names',
    edit: (state) => {
      state.declarations.bravo.handshakes[0].id = state.declarations.alpha.handshakes[0].id;
      state.declarations.bravo.handshakes[0].arn = state.declarations.alpha.handshakes[0].arn;
    },
    expected: [
      /\$\.declarations\.bravo\.handshakes\[0\]\.id ch-\w+ is recorded twice \(also at \$\.declarations\.alpha\.handshakes\[0\]\.id\)/,
    ],
  },
  {
    name: 'an unknown key beside the records',
    edit: (state) => {
      state.declarations.alpha.handshakes[0].endpointOverride = 'https://evil.example';
    },
    expected: [/\$\.declarations\.alpha\.handshakes\[0\]\.endpointOverride is not a field of a sent handshake/],
  },
  {
    name: 'protect set to something other than true',
    edit: (state) => {
      state.declarations.alpha.protect = 'no';
    },
    expected: [/\$\.declarations\.alpha\.protect must be true when present/],
  },
  {
    name: 'a START whose resource is a program management account',
    edit: (state) => {
      state.declarations.alpha.handshakes[0].spec.associatedResourceIdentifier = 'pma-abcdef123456g';
    },
    expected: [/spec\.associatedResourceIdentifier must be a relationship for a START_SERVICE_PERIOD handshake/],
  },
  {
    name: 'a relationship ARN under another program management account than the payload names',
    edit: (state) => {
      state.declarations.alpha.handshakes[0].spec.associatedResourceIdentifier =
        'arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/program-management-account/pma-0000000000000/relationship/rs-abc123def456g';
    },
    expected: [/belongs to the program management account pma-0000000000000, but the payload names pma-abcdef123456g/],
  },
  {
    name: 'a record whose type disagrees with what its spec sent',
    edit: (state) => {
      state.declarations.alpha.handshakes[0].handshakeType = 'REVOKE_SERVICE_PERIOD';
    },
    expected: [
      /handshakes\[0\]\.handshakeType is REVOKE_SERVICE_PERIOD, but the recorded spec sent "START_SERVICE_PERIOD"/,
    ],
  },
  {
    name: 'an added intent: a REVOKE_SERVICE_PERIOD request with no owner tag',
    edit: (state) => {
      const spec = {
        name: 'alpha',
        handshakeType: 'REVOKE_SERVICE_PERIOD',
        catalog: 'AWS',
        associatedResourceIdentifier: 'rs-abc123def456g',
        payload: { revokeServicePeriodPayload: { programManagementAccountIdentifier: 'pma-abcdef123456g' } },
        tags: {},
        revision: 0,
      };
      state.intents = {
        alpha: {
          name: 'alpha',
          clientToken: 'forged-token',
          request: {
            handshakeType: spec.handshakeType,
            catalog: spec.catalog,
            associatedResourceIdentifier: spec.associatedResourceIdentifier,
            payload: spec.payload,
            clientToken: 'forged-token',
          },
          spec,
          generation: 1,
          recordedAt: '2026-12-01T00:00:00Z',
        },
      };
    },
    expected: [/\$\.intents\.alpha\.request is not the request this engine builds/],
  },
  {
    name: 'an added intent: a create carrying another lineage’s owner tag',
    edit: (state) => {
      const recorded = state.declarations.alpha.handshakes[0].spec;
      const request = {
        handshakeType: recorded.handshakeType,
        catalog: recorded.catalog,
        associatedResourceIdentifier: recorded.associatedResourceIdentifier,
        payload: recorded.payload,
        clientToken: 'chs1-forged',
        tags: [
          { key: 'team', value: 'x' },
          { key: 'channel-handshakes:owner', value: '00000000-0000-8000-8000-000000000000/alpha' },
        ],
      };
      state.intents = {
        alpha: {
          name: 'alpha',
          clientToken: 'chs1-forged',
          request,
          spec: recorded,
          generation: 1,
          recordedAt: '2026-12-01T00:00:00Z',
        },
      };
    },
    expected: [/\$\.intents\.alpha\.request is not the request this engine builds/],
  },
  {
    name: 'an intent whose request was swapped for another relationship, its spec left alone',
    edit: (state) => {
      state.intents.charlie.request.associatedResourceIdentifier = 'pma-0000000000000';
    },
    expected: [/\$\.intents\.charlie\.request is not the request this engine builds/],
  },
  {
    name: 'several problems at once: every one of them in one refusal',
    edit: (state) => {
      state.declarations.alpha.handshakes[0].id = '';
      state.declarations.bravo.handshakes[0].spec.name = 'Not A Name';
      state.surprise = true;
    },
    expected: [
      /\(3 problems\)/,
      /\$\.surprise is not a field of a state file/,
      /\$\.declarations\.alpha\.handshakes\[0\]\.id must be a channel handshake id/,
      /\$\.declarations\.bravo\.handshakes\[0\]\.spec\.name must be a declaration name, not "Not A Name"/,
    ],
  },
];
