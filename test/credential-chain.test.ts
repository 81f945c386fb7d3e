// The standard credential chain as the bundled CLI loads it: it must load at all (a CommonJS package in an ESM chunk),
// and the pinned SDK must print no Node-version notice of its own on any runtime the CLI is tested on.
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { programManagementAccount, temporaryDirectory } from './helpers.js';
import { runtimes } from './support/runtimes.js';

const CLI = join(import.meta.dirname, '..', 'dist', 'cli.js');

describe.each(runtimes())('the default credential chain in the bundled CLI on %s', (_label, node) => {
  it('loads, tries web identity against loopback, and reports missing credentials without an SDK warning', async () => {
    const root = await temporaryDirectory();
    await mkdir(join(root, 'handshakes'));
    await writeFile(join(root, 'handshakes', 'a.yaml'), programManagementAccount('a'));
    await writeFile(join(root, 'token'), 'not-a-real-token');
    const result = spawnSync(node, [CLI, 'plan', '--refresh', '--endpoint', 'http://127.0.0.1:9'], {
      cwd: root,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        HOME: root,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_REGION: 'us-east-1',
        // Web identity makes the chain build an STS client, which is where the SDK's notice is printed from.
        AWS_WEB_IDENTITY_TOKEN_FILE: join(root, 'token'),
        AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/handshakes',
        AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9',
      },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('handshakes plan: no AWS credentials found');
    expect(result.stderr).not.toContain('internal error');
    expect(result.stderr).not.toContain('NodeVersionSupportWarning');
    expect(result.stderr).not.toMatch(/DeprecationWarning|\(node:\d+\) Warning/);
  });
});
