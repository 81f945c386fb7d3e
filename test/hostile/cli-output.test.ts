import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/index.js';
import { createRedactor, REDACTED } from '../../src/core/redact.js';
import { captureCli, startServicePeriod, temporaryDirectory } from '../helpers.js';
import { foreignCommands, HOSTILE_FILE_NAMES, INJECTED } from './corpus.js';

async function hostileRepository(): Promise<string> {
  const root = await temporaryDirectory('handshakes-hostile-');
  await mkdir(join(root, 'handshakes'));
  for (const [index, name] of HOSTILE_FILE_NAMES.entries()) {
    // An error in each file: its name is printed in every diagnostic.
    await writeFile(
      join(root, 'handshakes', name),
      startServicePeriod(`acme-${index}`, { relationship: `rs-aaaaaaaaaaaa${index}` }).replace(
        'catalog: AWS',
        `catalog: "AWS\\n::error::${INJECTED}"`,
      ),
    );
  }
  return root;
}

describe('the CLI prints hostile file names and values inert', () => {
  it.each(['text', 'github', 'json'])('validate --format %s', async (format) => {
    const root = await hostileRepository();
    const cli = captureCli(root);
    expect(await run(['validate', '--format', format], cli.environment)).toBe(1);
    expect(foreignCommands(cli.stdout())).toEqual([]);
    expect(foreignCommands(cli.stderr())).toEqual([]);
    if (format === 'github') {
      expect(cli.stdout().match(/^::error file=/gm)).toHaveLength(HOSTILE_FILE_NAMES.length);
    }
    if (format === 'text') {
      // One line per problem, plus the verdict.
      expect(
        cli
          .stdout()
          .trimEnd()
          .split(/\r\n|\r|\n/),
      ).toHaveLength(HOSTILE_FILE_NAMES.length + 1);
      expect(cli.stdout()).toContain('handshakes/x\\n::error title=INJECTED::owned\\ny.yaml:3:10: error: catalog:');
    }
    if (format === 'json') {
      const report = JSON.parse(cli.stdout()) as { diagnostics: { location: { file: string } }[] };
      // JSON stays JSON, and the file names come back exactly.
      expect(report.diagnostics.map((diagnostic) => diagnostic.location.file).sort()).toEqual(
        HOSTILE_FILE_NAMES.map((name) => `handshakes/${name}`).sort(),
      );
    }
  });

  it('plan --out redacts the credentials of the environment from the plan file', async () => {
    const root = await temporaryDirectory('handshakes-hostile-');
    await mkdir(join(root, 'handshakes'));
    await writeFile(join(root, 'handshakes', 'a.yaml'), startServicePeriod('acme', { note: 'pasted s3cr3t-from-env' }));
    const cli = captureCli(root, { AWS_SECRET_ACCESS_KEY: 's3cr3t-from-env' });
    expect(await run(['plan', '--out', 'plan.json'], cli.environment)).toBe(0);
    const file = await readFile(join(root, 'plan.json'), 'utf8');
    expect(file).not.toContain('s3cr3t-from-env');
    expect(file).toContain(`pasted ${REDACTED}`);
    expect(cli.stdout()).not.toContain('s3cr3t-from-env');
  });

  it.each([
    [
      'a note',
      { note: 'key AKIAIOSFODNN7EXAMPLE' },
      'handshakes/a.yaml:10:11: error: payload.startServicePeriodPayload.note:',
    ],
    [
      'a tag value',
      { tags: 'token=ghp_abcdefghijklmnopqrstuvwxyz0123456789' },
      'handshakes/a.yaml:11:10: error: tags.token:',
    ],
  ])(
    'a credential in %s is refused at file:line, so it is never sent nor recorded',
    async (_where, overrides, expected) => {
      const root = await temporaryDirectory('handshakes-hostile-');
      await mkdir(join(root, 'handshakes'));
      await writeFile(join(root, 'handshakes', 'a.yaml'), startServicePeriod('acme', overrides));
      const cli = captureCli(root);
      expect(await run(['validate'], cli.environment)).toBe(1);
      expect(cli.stdout()).toContain(expected);
      expect(cli.stdout()).toContain('looks like an AWS access key id or a GitHub token');
    },
  );
});

describe('redaction', () => {
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  const session = `FwoGZXIvYXdzE${'A1b2C3d4'.repeat(20)}==`;
  const redact = createRedactor([secret, session, 'short', undefined]);

  it.each([
    ['the secret key, plain', `key=${secret}`],
    ['the secret key, JSON-escaped', JSON.stringify({ key: secret }).replace(/\//g, '\\/')],
    ['the secret key, URL-encoded', `?key=${encodeURIComponent(secret)}`],
    ['the session token', `token ${session} end`],
    ['an access key id followed by its secret', 'AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['a temporary key id alone', 'Credential=ASIAQX7HOSTILE000042/20261128/us-east-1/partnercentral-channel'],
    [
      'echoed headers',
      JSON.stringify({
        authorization:
          'AWS4-HMAC-SHA256 Credential=ASIAQX7HOSTILE000042/20261128/us-east-1/partnercentral-channel/aws4_request, SignedHeaders=host, Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
        'x-amz-security-token': 'SomeOtherSessionTokenNotKnownToTheRun',
      }),
    ],
    ['a session token header alone, in another case', 'X-Amz-Security-Token: SomeOtherSessionTokenNotKnownToTheRun'],
    ['a signature alone', 'Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'],
    ['a GitHub installation token', 'token ghs_16C7e42F292c6912E7710c838347Ae178B4a used'],
    ['a fine-grained personal token', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ'],
  ])('%s', (_name, text) => {
    const redacted = redact(text);
    expect(redacted).toContain(REDACTED);
    expect(redacted).not.toContain(secret);
    expect(redacted).not.toContain(session);
    expect(redacted).not.toMatch(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/);
    expect(redacted).not.toMatch(/gh[pousr]_[A-Za-z0-9]{30}|github_pat_/);
    expect(redacted).not.toMatch(/SomeOtherSessionToken|Signature=[0-9a-f]{64}/);
  });

  it('leaves ordinary text, ids, digests and short values alone', () => {
    const text =
      'create acme → ch-0123456789abc (PENDING); sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0; a short word';
    expect(redact(text)).toBe(text);
  });
});
