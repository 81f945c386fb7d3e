import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invalidComment } from '../../src/action/comments.js';
import type { ActionCore } from '../../src/action/ports.js';
import { runnerCore } from '../../src/action/runner-protocol.js';
import type { Session } from '../../src/action/session.js';
import { readPlanData } from '../../src/action/sticky-comment.js';
import { run } from '../../src/cli/index.js';
import { type ChangeResult, type Diagnostic, type DriftReport, emptyState, type Plan } from '../../src/core/model.js';
import { renderApplyMarkdown, stateCommitMessage } from '../../src/render/apply-result.js';
import { renderDiagnosticsGithub, renderDiagnosticsText } from '../../src/render/diagnostics.js';
import { renderDriftMarkdown } from '../../src/render/drift-markdown.js';
import { renderPlanMarkdown } from '../../src/render/markdown.js';
import { logText, markdownInline, singleLine } from '../../src/render/neutralise.js';
import { renderPlanText } from '../../src/render/text.js';
import { applyReportOf } from '../../src/usecases/apply.js';
import { captureCli, programManagementAccount, temporaryDirectory } from '../helpers.js';
import { BENIGN, dotnetTrim, foreignCommands, INJECTION_CORPUS, markdownStructure } from './corpus.js';

// Every writer of issue 10 fed the same corpus: the terminal and log lines, workflow commands, Markdown (comment and
// summary), and the commit message. A hostile rendering must have the same shape as a benign one.

const ARN = 'arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/channel-handshake/ch-abc';

function hostileDiagnostic(text: string): Diagnostic {
  return {
    severity: 'error',
    code: 'schema.pattern',
    name: text,
    field: `tags.${text}`,
    location: { file: `handshakes/${text}.yaml`, line: 3, column: 5 },
    message: `"${text}" is not in the expected form.`,
  };
}

function hostileDrift(text: string): DriftReport {
  return {
    statusChanges: [{ name: text, id: text, part: 'handshake', from: 'PENDING', to: 'ACCEPTED', at: text }],
    missing: [{ name: text, id: text, status: 'PENDING' }],
    unmanaged: [
      { id: text, handshakeType: 'START_SERVICE_PERIOD', catalog: text, associatedResourceId: text, status: 'PENDING' },
    ],
  };
}

/** A plan in which every field that can hold user text (from a declaration, the state or the API) holds `text`. */
function hostilePlan(text: string): Plan {
  return {
    formatVersion: 3,
    digest: 'sha256:0000',
    lineage: 'lineage',
    summary: { create: 1, cancel: 1, revoke: 0, replace: 0, supersede: 0, retag: 1, rename: 0, forget: 0 },
    changes: [
      {
        action: 'create',
        name: text,
        handshakeType: 'START_SERVICE_PERIOD',
        catalog: text,
        resource: text,
        reason: { rule: 'declared-revoke-ends', ends: text, endsName: text },
        clientToken: 'token',
        request: {
          handshakeType: 'START_SERVICE_PERIOD',
          catalog: text,
          associatedResourceIdentifier: text,
          payload: {
            startServicePeriodPayload: {
              programManagementAccountIdentifier: text,
              servicePeriodType: 'MINIMUM_NOTICE_PERIOD',
              minimumNoticeDays: '30',
              note: text,
            },
          },
          tags: [{ key: text, value: text }],
          clientToken: 'token',
        },
        generation: 0,
        purpose: 'start',
        spec: {
          name: text,
          handshakeType: 'START_SERVICE_PERIOD',
          catalog: text,
          associatedResourceIdentifier: text,
          tags: {},
          revision: 0,
        },
      },
      {
        action: 'cancel',
        name: text,
        handshakeType: 'PROGRAM_MANAGEMENT_ACCOUNT',
        catalog: text,
        resource: text,
        reason: { rule: 'declared-revoke-ends', ends: text, endsName: text },
        retire: { action: 'cancel', id: text, arn: ARN },
      },
      {
        action: 'retag',
        name: text,
        handshakeType: 'START_SERVICE_PERIOD',
        catalog: text,
        resource: text,
        reason: { rule: 'declared-revoke-ends', ends: text, endsName: text },
        tags: { arn: ARN, set: { [text]: text }, remove: [text] },
      },
    ],
    diagnostics: [hostileDiagnostic(text)],
    drift: hostileDrift(text),
  };
}

function hostileResults(text: string): ChangeResult[] {
  const [create, cancel] = hostilePlan(text).changes;
  return [
    { change: create as ChangeResult['change'], outcome: 'succeeded', handshakeId: text, status: 'PENDING' },
    { change: cancel as ChangeResult['change'], outcome: 'failed', failure: { code: text, message: text } },
  ];
}

function capturedCore(): { core: ActionCore; log: () => string } {
  let log = '';
  const core = runnerCore({}, (text) => {
    log += text;
  });
  return { core, log: () => log };
}

describe.each(INJECTION_CORPUS)('hostile text: $name', ({ text }) => {
  it('terminal: the plan text keeps its lines, with no command, escape byte or carriage return', () => {
    const hostile = renderPlanText(hostilePlan(text), { color: false });
    const benign = renderPlanText(hostilePlan(BENIGN), { color: false });
    expect(hostile.split('\n')).toHaveLength(benign.split('\n').length);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    expect(hostile).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/);
    expect(foreignCommands(logText(hostile))).toEqual([]);
  });

  it('terminal: text diagnostics stay one line each', () => {
    const diagnostics = [hostileDiagnostic(text), hostileDiagnostic(text)];
    const rendered = renderDiagnosticsText(diagnostics);
    expect(rendered.split(/\r\n|\r|\n/)).toHaveLength(2);
    expect(foreignCommands(logText(rendered))).toEqual([]);
  });

  it('workflow commands: one annotation per diagnostic, nothing else the runner would act on', () => {
    const rendered = renderDiagnosticsGithub([hostileDiagnostic(text), hostileDiagnostic(text)]);
    expect(rendered.split(/\r\n|\r|\n/)).toHaveLength(2);
    expect(foreignCommands(rendered)).toEqual([]);
  });

  it('the Action log: info, annotations, failure and masks — only our own commands', () => {
    const { core, log } = capturedCore();
    core.info(text);
    core.info(`Pull-request comment created: ${text}\nsecond line ${text}`);
    core.warning(text, { file: text, startLine: 1, startColumn: 1, title: `channel-handshakes: ${text}` });
    core.error(text);
    core.notice(text);
    core.setFailed(text);
    core.setSecret('s3cret-value');
    expect(foreignCommands(log())).toEqual([]);
    // The mask we set last is still a command line of its own, so no injected stop-commands can have hidden it.
    expect(log()).toMatch(/(^|\n)::add-mask::s3cret-value\r?\n$/);
  });

  it('Markdown: the plan comment has the shape of a benign one', () => {
    const options = { directory: 'handshakes', runUrl: 'https://github.com/o/r/actions/runs/1', headSha: 'abc' };
    expect(markdownStructure(renderPlanMarkdown(hostilePlan(text), options))).toEqual(
      markdownStructure(renderPlanMarkdown(hostilePlan(BENIGN), options)),
    );
  });

  it('Markdown: the apply comment and summary have the shape of a benign one', () => {
    const options = { directory: 'handshakes', commitProblem: text };
    expect(
      markdownStructure(renderApplyMarkdown(applyReportOf(emptyState('x'), hostileResults(text)), options)),
    ).toEqual(
      markdownStructure(
        renderApplyMarkdown(applyReportOf(emptyState('x'), hostileResults(BENIGN)), {
          ...options,
          commitProblem: BENIGN,
        }),
      ),
    );
  });

  it('Markdown: the drift report has the shape of a benign one', () => {
    const options = { directory: 'handshakes', checkedAt: '2026-11-28T00:00:00Z' };
    expect(markdownStructure(renderDriftMarkdown(hostileDrift(text), options))).toEqual(
      markdownStructure(renderDriftMarkdown(hostileDrift(BENIGN), options)),
    );
  });

  it('Markdown: a plan-data marker inside the plan is never read as the reviewed plan', () => {
    const body = `<!-- channel-handshakes:plan dir=handshakes -->\n${renderPlanMarkdown(hostilePlan(text), { directory: 'handshakes' })}`;
    expect(readPlanData(body)).toBeUndefined();
  });

  it('Markdown: the invalid-declarations comment has the shape of a benign one', () => {
    const session = { inputs: { directory: 'handshakes' }, context: {} } as unknown as Session;
    const validated = (text: string) => ({
      declarations: [],
      diagnostics: [hostileDiagnostic(text), hostileDiagnostic(text)],
      hasErrors: true,
      forgets: [],
      now: new Date(0),
    });
    expect(markdownStructure(invalidComment(session, validated(text)))).toEqual(
      markdownStructure(invalidComment(session, validated(BENIGN))),
    );
  });

  it('the CLI: a state whose names and ids hold the text is refused by meaning, and the refusal is inert', async () => {
    const root = await temporaryDirectory('handshakes-hostile-');
    await mkdir(join(root, 'handshakes'));
    await writeFile(join(root, 'handshakes', 'a.yaml'), programManagementAccount('kept'));
    const entry = {
      id: text,
      arn: ARN,
      catalog: 'AWS',
      clientToken: 'token',
      appliedAt: '2026-11-01T00:00:00Z',
      appliedBy: {},
      handshakeType: 'START_SERVICE_PERIOD',
      status: 'PENDING',
      revision: 0,
      generation: 0,
      spec: {
        name: text,
        handshakeType: 'START_SERVICE_PERIOD',
        catalog: 'AWS',
        associatedResourceIdentifier: text,
        tags: {},
        revision: 0,
      },
    };
    const state = { version: 1, lineage: 'l-1', serial: 1, handshakes: { [text]: entry } };
    await writeFile(join(root, 'handshakes', 'state.json'), JSON.stringify(state));
    for (const format of ['text', 'markdown', 'json']) {
      const cli = captureCli(root);
      // No id, name or resource of that shape can come from apply (issue 16): nothing is planned against it.
      expect(await run(['plan', '--format', format], cli.environment)).toBe(1);
      expect(cli.stdout()).toBe('');
      expect(foreignCommands(cli.stderr())).toEqual([]);
      expect(cli.stderr()).toMatch(/Restore \S*handshakes\/state\.json from git/);
      expect(cli.stderr()).toContain('.spec.name must be a declaration name');
    }
  });

  it('commit message: the same lines as a benign one, no control character but the line feed', () => {
    const hostile = stateCommitMessage(hostileResults(text), 7, text);
    const benign = stateCommitMessage(hostileResults(BENIGN), 7, BENIGN);
    expect(hostile.split('\n')).toHaveLength(benign.split('\n').length);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    expect(hostile).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029]/);
    expect(hostile).not.toMatch(/^Co-authored-by:/im);
  });
});

describe('neutralise: properties over any text', () => {
  it('logText never leaves a line the runner would read as a command, and changes nothing else', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const guarded = logText(text);
        for (const line of guarded.split(/\r\n|\r|\n/)) {
          expect(dotnetTrim(line).startsWith('::')).toBe(false);
          expect(line).not.toContain('##[');
        }
        if (!/::|##\[/.test(text)) expect(guarded).toBe(text);
      }),
    );
  });

  it('singleLine and markdownInline never hold a line break or control character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
        const unsafe = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
        expect(singleLine(text)).not.toMatch(unsafe);
        expect(markdownInline(text)).not.toMatch(unsafe);
        expect(markdownInline(text)).not.toMatch(/[<>`]/);
      }),
    );
  });

  it('logText keeps JSON valid and equal: the escapes it writes are JSON escapes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify({ value, hostile: '##[error]x', start: '::error::x' }, null, 2);
        expect(JSON.parse(logText(text))).toEqual(JSON.parse(text));
      }),
    );
  });
});
