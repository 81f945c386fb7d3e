// The workflows the README and docs/ give to copy (docs/adopt.md): valid against GitHub's workflow schema (the same
// validator as npm run lint), every third-party action pinned to a full commit SHA with its tag in a comment (one SHA
// per tag everywhere), and the concurrency that never drops a merge's apply silently (issue 16): one group per pull
// request for plan, one group shared by apply and drift that never cancels a run in progress.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
// @ts-expect-error: a plain ESM script without type declarations
import { documentationFiles } from '../scripts/readme-examples.mjs';
import { temporaryDirectory } from './helpers.js';

const ROOT = join(import.meta.dirname, '..');
const THIS_ACTION = 'your-org/channel-handshakes@v1';

interface YamlBlock {
  where: string;
  text: string;
}

function yamlBlocks(): YamlBlock[] {
  const blocks: YamlBlock[] = [];
  for (const file of documentationFiles() as string[]) {
    const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
    for (let index = 0; index < lines.length; index++) {
      if ((lines[index] ?? '').trim() !== '```yaml') continue;
      const start = index + 1;
      const body: string[] = [];
      for (index++; index < lines.length && (lines[index] ?? '').trim() !== '```'; index++)
        body.push(lines[index] ?? '');
      blocks.push({ where: `${file}:${start}`, text: `${body.join('\n')}\n` });
    }
  }
  return blocks;
}

const blocks = yamlBlocks();
const workflows = blocks
  .filter((block) => /^# \.github\/workflows\/[\w.-]+\.yml\n/.test(block.text))
  .map((block) => ({ ...block, name: /^# \.github\/workflows\/([\w.-]+\.yml)/.exec(block.text)?.[1] ?? '' }));

function workflow(name: string) {
  const found = workflows.find((candidate) => candidate.name === name && candidate.where.startsWith('docs/adopt.md'));
  if (!found) throw new Error(`docs/adopt.md has no ${name}`);
  return parse(found.text) as { concurrency?: { group?: string; 'cancel-in-progress'?: boolean } };
}

describe('the workflows to copy', () => {
  it('docs/adopt.md has the three, and the README the plan workflow', () => {
    expect(workflows.filter((block) => block.where.startsWith('docs/adopt.md')).map((block) => block.name)).toEqual([
      'handshakes-plan.yml',
      'handshakes-apply.yml',
      'handshakes-drift.yml',
    ]);
    expect(workflows.filter((block) => block.where.startsWith('README.md')).map((block) => block.name)).toEqual([
      'handshakes-plan.yml',
    ]);
  });

  it.each(workflows.map((block) => [block.where, block]))('%s is a valid workflow', async (_where, block) => {
    const validator = createRequire(import.meta.url).resolve('@action-validator/cli/cli.mjs');
    const path = join(await temporaryDirectory('handshakes-workflow-'), (block as { name: string }).name);
    writeFileSync(path, (block as YamlBlock).text);
    const result = spawnSync(process.execPath, [validator, path], { encoding: 'utf8' });
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
  });

  it('the README plan workflow is the one in docs/adopt.md', () => {
    const inReadme = workflows.find((block) => block.where.startsWith('README.md'));
    expect(parse(inReadme?.text ?? '')).toEqual(workflow('handshakes-plan.yml'));
  });

  it('pin every other action to a full commit SHA with its tag in a comment, one SHA per tag', () => {
    const sources = [
      ...blocks,
      ...['ci.yml', 'release.yml'].map((name) => ({
        where: `.github/workflows/${name}`,
        text: readFileSync(join(ROOT, '.github', 'workflows', name), 'utf8'),
      })),
    ];
    const shaOf = new Map<string, string>();
    let pinned = 0;
    for (const { where, text } of sources) {
      for (const [, reference = '', comment] of text.matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)(?:\s+#\s*(.*))?$/gm)) {
        if (reference === './' || reference === THIS_ACTION) continue;
        const pin = /^([\w.-]+\/[\w.-]+)@([0-9a-f]{40})$/.exec(reference);
        expect(pin, `${where}: ${reference}`).not.toBeNull();
        expect(comment, `${where}: ${reference} names no tag`).toMatch(/^v\d+\.\d+\.\d+$/);
        const key = `${pin?.[1]}@${comment}`;
        expect(shaOf.get(key) ?? pin?.[2], `${where}: ${key}`).toBe(pin?.[2]);
        shaOf.set(key, pin?.[2] ?? '');
        pinned++;
      }
    }
    expect(pinned).toBeGreaterThan(5);
  });

  it('plan: one concurrency group per pull request, cancelling the older plan', () => {
    const { concurrency } = workflow('handshakes-plan.yml');
    expect(concurrency?.group).toContain('github.event.pull_request.number');
    expect(concurrency?.['cancel-in-progress']).toBe(true);
  });

  it('apply and drift: one shared group that never cancels a run in progress', () => {
    const apply = workflow('handshakes-apply.yml').concurrency;
    const drift = workflow('handshakes-drift.yml').concurrency;
    expect(apply?.group).toBeTruthy();
    expect(drift?.group).toBe(apply?.group);
    expect(apply?.['cancel-in-progress']).toBe(false);
    expect(drift?.['cancel-in-progress']).toBe(false);
  });

  it("GitHub's one-pending-run rule is written where the workflows are", () => {
    const adopt = readFileSync(join(ROOT, 'docs', 'adopt.md'), 'utf8');
    expect(adopt).toMatch(/at most one pending/);
    expect(adopt).toMatch(/the pending one is cancelled/);
  });
});

describe('dependabot', () => {
  it('keeps GitHub Actions and npm current', () => {
    const config = parse(readFileSync(join(ROOT, '.github', 'dependabot.yml'), 'utf8')) as {
      updates: { 'package-ecosystem': string }[];
    };
    expect(config.updates.map((update) => update['package-ecosystem']).sort()).toEqual(['github-actions', 'npm']);
  });
});
