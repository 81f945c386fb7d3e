import { readFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { programManagementAccount, startServicePeriod } from '../helpers.js';
import { actionHarness } from '../support/action-harness.js';
import { type GitFixture, git } from '../support/git-fixture.js';
import type { TokenIdentity } from '../support/github-stand-in.js';
import { foreignCommands, HOSTILE_FILE_NAMES, INJECTED, strayHtml } from './corpus.js';

// The Action run as the runner runs it (dist/index.js, a clean environment, file commands), against the GitHub
// stand-in and the simulator, with what a hostile pull request, state or endpoint can hold. One runtime only: the
// two-runtime matrix is test/action.e2e.test.ts's job, and this folder must stay under a minute.

const MARKER = '<!-- channel-handshakes:plan dir=handshakes -->';

/** Credentials shaped like real temporary ones, so redaction by shape and by value can both be seen. */
const CREDENTIALS = {
  accessKeyId: 'ASIAQX7HOSTILE000042',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYHOSTILEKEY',
  accountId: '111122223333',
};
const SESSION_TOKEN = `IQoJb3JpZ2luX2VjE${'Hostile0Session1Token2'.repeat(12)}Zz==`;

const APP_TOKEN = 'ghs_AppInstallationToken0000000000000001';
const APP: TokenIdentity = { login: 'handshakes-app[bot]', type: 'Bot', app: 'handshakes-app', kind: 'installation' };
/** An App token cannot ask who it is: the workflow names its bot (issue 16: only our own identity counts). */
const APP_INPUTS = { 'github-token': APP_TOKEN, 'app-bot-login': APP.login };
const PERSONAL_TOKEN = 'github_pat_11AAAAAAA0PersonalAccessToken000000000000000000000000000000';
const PERSON: TokenIdentity = { login: 'octo-admin', type: 'User', kind: 'personal' };

/**
 * An endpoint that forwards to the simulator, except for requests about `rs-echoechoecho1`: those it answers with a
 * ValidationException whose message echoes every request header, Authorization and X-Amz-Security-Token included.
 */
async function echoingEndpoint(target: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      // Only the create is refused: apply's own listing of the relationships it touches goes through.
      const creating = String(request.headers['x-amz-target'] ?? '').endsWith('.CreateChannelHandshake');
      if (creating && body.toString('utf8').includes('rs-echoechoecho1')) {
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(
          JSON.stringify({
            __type: 'ValidationException',
            message: `Request refused; the proxy saw these headers: ${JSON.stringify(request.headers)}`,
          }),
        );
        return;
      }
      const forwarded = httpRequest(
        `${target}${request.url ?? '/'}`,
        { method: request.method, headers: request.headers },
        (answer) => {
          response.writeHead(answer.statusCode ?? 500, answer.headers);
          answer.pipe(response);
        },
      );
      forwarded.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('the Action against hostile input', () => {
  const action = actionHarness({ credentials: CREDENTIALS, env: { AWS_SESSION_TOKEN: SESSION_TOKEN } });
  const { github } = action;
  github.identities.set(APP_TOKEN, APP);
  github.identities.set(PERSONAL_TOKEN, PERSON);
  let fixture: GitFixture;

  const pullRequestRun = (inputs: Record<string, string> = {}, event = 'pull_request') =>
    action.runPullRequest({ inputs, event });
  const pushRun = (inputs: Record<string, string> = {}, endpoint = action.awsUrl()) =>
    action.runPush({ inputs, env: { AWS_ENDPOINT_URL_PARTNERCENTRAL_CHANNEL: endpoint } });

  function merged(): void {
    github.pullsByCommit.set(action.head(), [
      { number: 2, merged_at: '2026-11-27T10:00:00Z', labels: [], head_sha: 'e'.repeat(40), base_ref: 'master' },
    ]);
  }

  it.each([
    ['a GitHub App installation token (GET /user refused)', APP_INPUTS, APP],
    ['a personal access token (GET /user answers)', { 'github-token': PERSONAL_TOKEN }, PERSON],
  ])(
    'with %s: one sticky comment, updated in place, and the reviewed-plan check on merge',
    async (_kind, tokenInputs, identity) => {
      fixture = await action.createFixture({ 'handshakes/acme.yaml': startServicePeriod('acme') });
      // A person copies the markers, with a plan-data of their own: never ours, never the reviewed plan.
      github.addForeignComment(
        2,
        `${MARKER}\n<!-- channel-handshakes:plan-data {"digest":"sha256:forged","summary":{"create":0,"cancel":0,"revoke":0,"replace":0,"retag":0}} -->\nforged`,
      );
      const first = await pullRequestRun(tokenInputs);
      expect(first.code, first.stdout).toBe(0);
      await fixture.commit({ 'handshakes/pma.yaml': programManagementAccount('pma') }, 'add a PMA');
      const second = await pullRequestRun(tokenInputs);
      expect(second.code, second.stdout).toBe(0);
      const ours = github.comments.filter((comment) => comment.login === identity.login);
      expect(ours).toHaveLength(1);
      expect(ours[0]?.body).toContain('### 2 to create');
      expect(github.comments).toHaveLength(2);

      merged();
      const applied = await pushRun(tokenInputs);
      expect(applied.code, applied.stdout).toBe(0);
      expect(applied.stdout).toContain('The plan matches the one reviewed on #2');
      expect(action.simulator().handshakes()).toHaveLength(2);
      expect(github.comments.filter((comment) => comment.login === identity.login)).toHaveLength(1);
      expect(github.comments.find((comment) => comment.login === identity.login)?.body).toContain('✅ Applied');
    },
  );

  it('after a switch from GITHUB_TOKEN to an App: the old comment is left alone, the App keeps one of its own', async () => {
    fixture = await action.createFixture({ 'handshakes/acme.yaml': startServicePeriod('acme') });
    expect((await pullRequestRun()).code).toBe(0);
    const old = github.comments.find((comment) => comment.login === 'github-actions[bot]');
    const oldBody = old?.body;
    expect(oldBody).toContain('### 1 to create');
    await fixture.commit({ 'handshakes/pma.yaml': programManagementAccount('pma') }, 'add a PMA');
    expect((await pullRequestRun(APP_INPUTS)).code).toBe(0);
    await fixture.commit({ 'handshakes/pma2.yaml': programManagementAccount('pma2', 'pma-abcdef123456h') }, 'more');
    expect((await pullRequestRun(APP_INPUTS)).code).toBe(0);
    expect(github.comments.find((comment) => comment.id === old?.id)?.body).toBe(oldBody);
    const apps = github.comments.filter((comment) => comment.login === APP.login);
    expect(apps).toHaveLength(1);
    expect(apps[0]?.body).toContain('### 3 to create');
  });

  it('plan with GITHUB_TOKEN, apply with an App token (docs/adopt.md): the merge takes the GITHUB_TOKEN plan as reviewed', async () => {
    fixture = await action.createFixture({ 'handshakes/acme.yaml': startServicePeriod('acme') });
    expect((await pullRequestRun()).code).toBe(0);
    expect(github.comments.filter((comment) => comment.login === 'github-actions[bot]')).toHaveLength(1);
    merged();
    const applied = await pushRun(APP_INPUTS);
    expect(applied.code, applied.stdout).toBe(0);
    expect(applied.stdout).toContain('The plan matches the one reviewed on #2');
    expect(action.simulator().handshakes()).toHaveLength(1);
  });

  it('a plan comment forged by a person, digest and all, is not a reviewed plan (App token)', async () => {
    fixture = await action.createFixture({ 'handshakes/acme.yaml': startServicePeriod('acme') });
    const planned = await pullRequestRun({ ...APP_INPUTS, comment: 'false' });
    const digest = planned.outputs['plan-digest'] as string;
    github.addForeignComment(
      2,
      `${MARKER}\n<!-- channel-handshakes:plan-data {"digest":"${digest}","summary":{"create":1,"cancel":0,"revoke":0,"replace":0,"retag":0}} -->\nlooks reviewed`,
    );
    merged();
    const result = await pushRun(APP_INPUTS);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('has no plan comment for handshakes, so nobody reviewed this plan');
    expect(action.simulator().requests).toHaveLength(0);
  });

  it.each([
    ['GITHUB_TOKEN', {}, 'handshakes-app[bot]'],
    ['an App token', APP_INPUTS, 'renovate[bot]'],
  ])(
    'with %s, a marker comment by another Bot, right digest and all, is not the reviewed plan (issue 16)',
    async (_kind, inputs, otherBot) => {
      fixture = await action.createFixture({ 'handshakes/acme.yaml': startServicePeriod('acme') });
      const planned = await pullRequestRun({ ...inputs, comment: 'false' });
      const digest = planned.outputs['plan-digest'] as string;
      github.addForeignComment(
        2,
        `${MARKER}\n<!-- channel-handshakes:plan-data {"digest":"${digest}","summary":{"create":1,"cancel":0,"revoke":0,"replace":0,"retag":0}} -->\nlooks reviewed`,
        otherBot,
        'Bot',
      );
      merged();
      const result = await pushRun(inputs);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('has no plan comment for handshakes, so nobody reviewed this plan');
      expect(action.simulator().requests).toHaveLength(0);
    },
  );

  it.each(['plan', 'apply'])(
    'an edited state (an empty id) is refused by meaning on %s: exit 1, no API call, nothing committed (issue 16)',
    async (kind) => {
      fixture = await action.createFixture({ 'handshakes/acme.yaml': startServicePeriod('acme') });
      merged();
      expect((await pushRun({ 'require-reviewed-plan': 'false' })).code).toBe(0);
      const text = await readFile(`${fixture.workspace}/handshakes/state.json`, 'utf8');
      const edited = text.replace(/"id": "ch-[a-z0-9]{13}"/, '"id": ""');
      expect(edited).not.toBe(text);
      await fixture.commit({ 'handshakes/state.json': edited }, 'edit the state');
      const head = git(fixture.remote, 'rev-parse', 'master');
      const before = action.simulator().requests.length;
      merged();
      const result = kind === 'plan' ? await pullRequestRun() : await pushRun({ 'require-reviewed-plan': 'false' });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        /^::error::.*\$\.declarations\.acme\.handshakes\[0\]\.id must be a channel handshake id/m,
      );
      expect(result.stdout).toMatch(/Restore handshakes\/state\.json from git/);
      expect(foreignCommands(result.stdout)).toEqual([]);
      expect(action.simulator().requests.length).toBe(before);
      expect(git(fixture.remote, 'rev-parse', 'master')).toBe(head);
      expect(await readFile(`${fixture.workspace}/handshakes/state.json`, 'utf8')).toBe(edited);
    },
  );

  it('pull_request_target stops with the reason and the supported event, before anything is read or sent', async () => {
    fixture = await action.createFixture({ 'handshakes/acme.yaml': startServicePeriod('acme') });
    const result = await pullRequestRun({}, 'pull_request_target');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /::error::pull_request_target is not supported: .*secrets.*Use the pull_request event/,
    );
    expect(github.requests).toHaveLength(0);
    expect(action.simulator().requests).toHaveLength(0);
  });

  it('an event the Action does not handle names the supported ones', async () => {
    fixture = await action.createFixture({ 'handshakes/acme.yaml': startServicePeriod('acme') });
    const result = await pullRequestRun({}, 'issue_comment');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '::error::command: auto does not handle "issue_comment" events. Supported events: pull_request (plan), push (apply), schedule (drift), workflow_dispatch (drift).',
    );
  });

  it('hostile file names and state names reach the log, the annotations, the comment and the summary inert', async () => {
    const files: Record<string, string> = {};
    HOSTILE_FILE_NAMES.forEach((name, index) => {
      // minimumNoticeDays: 45 draws a warning, so each file name is also an annotation and a diagnostics row.
      files[`handshakes/${name}`] = startServicePeriod(`acme-${index}`, {
        relationship: `rs-aaaaaaaaaaaa${index}`,
        days: 45,
      });
    });
    const hostileName = `gone\n::error title=${INJECTED}::owned <script>x</script> @octocat`;
    // The recorded name is the key. A spec names its key (state format version 5), and this key is no declaration
    // name, so its history holds nothing sent: the state is valid by meaning, and the hostile key reaches every
    // writer through the plan (a forget). A handshake under it is refused by path (hostile/safe-keys.test.ts).
    const history = { handshakes: [] };
    files['handshakes/state.json'] = JSON.stringify({
      version: 2,
      lineage: 'l-hostile',
      serial: 1,
      declarations: { [hostileName]: history },
    });
    fixture = await action.createFixture(files);
    const result = await pullRequestRun();
    expect(result.code, result.stdout).toBe(0);
    expect(foreignCommands(result.stdout)).toEqual([]);
    // The masks come before the first line of text from the pull request, and every one of them is obeyed.
    const lines = result.stdout.split('\n');
    const masks = lines.filter((line) => line.startsWith('::add-mask::'));
    expect(masks.length).toBeGreaterThan(0);
    expect(lines.findIndex((line) => line.startsWith('::add-mask::'))).toBeLessThan(
      lines.findIndex((line) => !line.startsWith('::')),
    );
    expect(result.stdout.match(/^::warning file=/gm)).toHaveLength(HOSTILE_FILE_NAMES.length);
    expect(result.stdout).toContain('gone\\n::error title=INJECTED::owned');

    const comment = github.comments.find((candidate) => candidate.login === 'github-actions[bot]');
    expect(comment).toBeDefined();
    for (const markdown of [comment?.body ?? '', result.summary]) {
      expect(markdown).not.toMatch(/<script/);
      expect(markdown).not.toMatch(/@octocat/);
      expect(strayHtml(markdown)).toEqual([]);
    }
    expect(comment?.body.split('\n').filter((line) => line.startsWith('| ⚠️\u00a0warning'))).toHaveLength(
      HOSTILE_FILE_NAMES.length,
    );
  });

  it('an endpoint that echoes request headers: no credential in the comment, summary, commit, state, plan file or log', async () => {
    const echo = await echoingEndpoint(action.awsUrl());
    try {
      fixture = await action.createFixture({
        'handshakes/all.yaml': [
          startServicePeriod('fine', { relationship: 'rs-aaaaaaaaaaaa1' }),
          startServicePeriod('echoed', { relationship: 'rs-echoechoecho1' }),
        ].join('---\n'),
      });
      merged();
      const result = await pushRun({ ...APP_INPUTS, 'require-reviewed-plan': 'false' }, echo.url);
      expect(result.code).toBe(1);
      expect(result.outputs['failure-reason']).toBe('apply-failed');
      const commit = git(fixture.remote, 'log', '-1', '--format=%B', 'master');
      expect(commit).toContain('✗ create echoed: ValidationException: Request refused');
      expect(commit).toContain('[redacted]');
      // The sticky comment carries the result; a short notification comment points at it.
      const comment = github.comments.find(
        (candidate) => candidate.login === APP.login && candidate.body.startsWith('<!-- channel-handshakes:plan'),
      );
      expect(comment?.body).toContain('Request refused');
      const notification = github.comments.find((candidate) => candidate !== comment && candidate.login === APP.login);
      const published = {
        comment: comment?.body ?? '',
        notification: notification?.body ?? '',
        summary: result.summary,
        commit,
        state: git(fixture.remote, 'show', 'master:handshakes/state.json'),
        planFile: await readFile(result.outputs['plan-json'] as string, 'utf8'),
        // The ::add-mask:: lines carry the secrets to the runner, which hides them; every other line must not.
        log: result.stdout
          .split('\n')
          .filter((line) => !line.startsWith('::add-mask::'))
          .join('\n'),
      };
      for (const [where, text] of Object.entries(published)) {
        for (const secret of [
          CREDENTIALS.accessKeyId,
          CREDENTIALS.secretAccessKey,
          SESSION_TOKEN,
          SESSION_TOKEN.slice(0, 40),
          APP_TOKEN,
        ]) {
          expect(text.includes(secret), `${where} holds ${secret.slice(0, 8)}…`).toBe(false);
        }
        expect(text, where).not.toMatch(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/);
      }
    } finally {
      echo.server.closeAllConnections();
      await new Promise((resolve) => echo.server.close(resolve));
    }
  });
});
