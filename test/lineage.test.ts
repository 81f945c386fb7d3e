import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/index.js';
import { lineageSeed, repositoryFromGitHub, repositoryFromRemote } from '../src/core/lineage.js';
import type { Plan, RecordedState } from '../src/core/model.js';
import { emptyState } from '../src/core/model.js';
import { serializeState } from '../src/files/state.js';
import { captureCli, fields, startServicePeriod, temporaryDirectory } from './helpers.js';
import { git } from './support/git-fixture.js';

async function checkout(
  origin: string | undefined,
  options: { commit?: boolean; init?: boolean; message?: string } = {},
) {
  const root = await temporaryDirectory('handshakes-lineage-');
  await mkdir(join(root, 'handshakes'));
  await writeFile(join(root, 'handshakes', 'acme.yaml'), startServicePeriod('acme'));
  if (options.init !== false) {
    git(root, 'init', '--quiet');
    if (origin) git(root, 'remote', 'add', 'origin', origin);
    if (options.commit) {
      git(root, 'add', '-A');
      git(root, 'commit', '--quiet', '-m', options.message ?? 'declarations');
    }
  }
  return root;
}

async function plan(root: string): Promise<{ plan: Plan; stderr: string }> {
  const cli = captureCli(root);
  const code = await run(['plan', '--format', 'json'], cli.environment);
  expect(code).toBe(0);
  return { plan: JSON.parse(cli.stdout()) as Plan, stderr: cli.stderr() };
}

const tokenOf = (result: { plan: Plan }) => fields(result.plan.changes[0])?.clientToken;

describe('lineage per repository', () => {
  it('spells one repository the same way over ssh, https and git://, with or without .git', () => {
    const spellings = [
      'git@github.com:Acme/Deals.git',
      'git@github.com:acme/deals',
      'ssh://git@github.com/acme/deals.git',
      'ssh://git@github.com:22/Acme/Deals',
      'https://github.com/acme/deals.git',
      'https://github.com/Acme/Deals/',
      'https://x-access-token:secret@github.com/acme/deals.git',
      'git://github.com/acme/deals.git',
    ];
    expect(new Set(spellings.map(repositoryFromRemote))).toEqual(new Set(['github.com/acme/deals']));
    expect(repositoryFromRemote('https://gitlab.example.com/group/sub/deals.git')).toBe(
      'gitlab.example.com/group/sub/deals',
    );
    // A local path names no host: the root commit names such a repository instead.
    expect(repositoryFromRemote('/srv/git/deals.git')).toBeUndefined();
    expect(repositoryFromRemote('file:///srv/git/deals.git')).toBeUndefined();
    expect(repositoryFromGitHub('https://github.com', 'Acme/Deals')).toBe('github.com/acme/deals');
    expect(lineageSeed({ kind: 'repository', repository: 'github.com/acme/deals' }, 'Handshakes/')).toBe(
      'github.com/acme/deals#handshakes',
    );
  });

  it('property: every spelling of a repository is the same, and different repositories stay different', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,20}$/).filter((text) => !/\.git$/i.test(text));
    const host = fc.constantFrom('github.com', 'github.example.com', 'gitlab.com');
    fc.assert(
      fc.property(host, segment, segment, fc.boolean(), (server, owner, repo, suffix) => {
        const path = `${owner}/${repo}${suffix ? '.git' : ''}`;
        const spellings = [
          `git@${server}:${path}`,
          `ssh://git@${server}/${path}`,
          `ssh://git@${server}:2222/${path}`,
          `https://${server}/${path}`,
          `https://token@${server}/${path}/`,
        ].map(repositoryFromRemote);
        expect(new Set(spellings)).toEqual(new Set([`${server}/${owner}/${repo}`.toLowerCase()]));
      }),
    );
    fc.assert(
      fc.property(segment, segment, segment, (owner, first, second) => {
        fc.pre(first.toLowerCase() !== second.toLowerCase());
        expect(repositoryFromRemote(`https://github.com/${owner}/${first}`)).not.toBe(
          repositoryFromRemote(`https://github.com/${owner}/${second}`),
        );
      }),
    );
  });

  it('two repositories with the same handshakes/ directory get different tokens', async () => {
    const first = await plan(await checkout('https://github.com/acme/deals.git'));
    const second = await plan(await checkout('https://github.com/globex/deals.git'));
    expect(tokenOf(first)).toMatch(/^chs1-/);
    expect(tokenOf(second)).toMatch(/^chs1-/);
    expect(tokenOf(first)).not.toBe(tokenOf(second));
    expect(first.stderr).toBe('');
  });

  it('two clones of one repository, one over ssh and one over https, get the same tokens', async () => {
    const overSsh = await plan(await checkout('git@github.com:Acme/Deals.git'));
    const overHttps = await plan(await checkout('https://github.com/acme/deals'));
    expect(tokenOf(overSsh)).toBe(tokenOf(overHttps));
  });

  it('the action and a clone of the same repository agree', async () => {
    const clone = await plan(await checkout('git@github.com:codertocat/hello-world.git'));
    const seed = lineageSeed(
      { kind: 'repository', repository: repositoryFromGitHub('https://github.com', 'Codertocat/Hello-World') },
      'handshakes',
    );
    expect(seed).toBe('github.com/codertocat/hello-world#handshakes');
    const { deriveLineage } = await import('../src/core/token.js');
    const { planFrom, validateFiles } = await import('../src/core/engine.js');
    const validated = validateFiles({
      files: [{ path: 'handshakes/acme.yaml', text: startServicePeriod('acme') }],
      now: new Date('2026-11-27T12:00:00Z'),
    });
    const fromAction = planFrom(validated, emptyState(deriveLineage(seed)));
    expect(fields(fromAction.changes[0])?.clientToken).toBe(tokenOf(clone));
  });

  it('without a remote, the root commit names the repository', async () => {
    const root = await checkout(undefined, { commit: true });
    const first = await plan(root);
    expect(first.stderr).toBe('');
    const other = await plan(await checkout(undefined, { commit: true, message: 'another repository' }));
    // Two unrelated repositories have different root commits.
    expect(tokenOf(first)).not.toBe(tokenOf(other));
    // Adding a remote later would change the seed, which is why the recorded lineage, once written, wins.
    expect(tokenOf(await plan(root))).toBe(tokenOf(first));
  });

  it('outside git, the directory alone seeds the lineage, with a warning', async () => {
    const result = await plan(await checkout(undefined, { init: false }));
    expect(result.stderr).toContain('is not in a git repository with a commit');
    expect(tokenOf(result)).toMatch(/^chs1-/);
  });

  it('a recorded lineage never changes, whatever the remote says', async () => {
    const root = await checkout('https://github.com/acme/deals.git');
    await writeFile(join(root, 'handshakes', 'state.json'), serializeState(emptyState('recorded-lineage-0001')));
    const before = await plan(root);
    git(root, 'remote', 'set-url', 'origin', 'https://github.com/someone-else/fork.git');
    const after = await plan(root);
    expect(tokenOf(after)).toBe(tokenOf(before));
    const expected = await plan(await checkout('https://github.com/acme/deals.git'));
    expect(tokenOf(before)).not.toBe(tokenOf(expected));
    expect((JSON.parse(serializeState(emptyState('recorded-lineage-0001'))) as RecordedState).lineage).toBe(
      'recorded-lineage-0001',
    );
  });
});
