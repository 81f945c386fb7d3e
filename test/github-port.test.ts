// The GitHub port answers errors with one typed error (GitHubError), so the Action never reads a status off an
// unknown object: against the GitHub stand-in over loopback, through the real Octokit adapter.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createGitFixture } from './support/git-fixture.js';
import { GitHubStandIn } from './support/github-stand-in.js';

const standIn = new GitHubStandIn();
let previousApiUrl: string | undefined;
let createOctokitApi: typeof import('../src/github/octokit.js').createOctokitApi;
let port: typeof import('../src/github/api.js');

beforeAll(async () => {
  previousApiUrl = process.env.GITHUB_API_URL;
  process.env.GITHUB_API_URL = await standIn.start();
  // @actions/github reads GITHUB_API_URL when it loads, as on a runner: load it afresh with the stand-in's address.
  vi.resetModules();
  ({ createOctokitApi } = await import('../src/github/octokit.js'));
  port = await import('../src/github/api.js');
});

afterAll(async () => {
  if (previousApiUrl === undefined) delete process.env.GITHUB_API_URL;
  else process.env.GITHUB_API_URL = previousApiUrl;
  await standIn.stop();
});

function api() {
  return createOctokitApi({ token: 'ghs_standin', owner: 'acme', repo: 'handshakes', log: () => {} });
}

describe('the GitHub port', () => {
  it('turns a refused body (422) into a GitHubError that says so', async () => {
    standIn.reset();
    standIn.refuseBodies = true;
    const error = await api()
      .createIssueComment(1, 'a body')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(port.GitHubError);
    expect(error).toMatchObject({ status: 422 });
    expect(port.isUnprocessable(error)).toBe(true);
    expect(port.isPermissionDenied(error)).toBe(false);
  });

  it("turns a fork's read-only token (403 on a write) into a GitHubError that says permission was denied", async () => {
    standIn.reset();
    standIn.readOnly = true;
    const error = await api()
      .createIssueComment(1, 'a body')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(port.GitHubError);
    expect(port.isPermissionDenied(error)).toBe(true);
    expect(port.isUnprocessable(error)).toBe(false);
  });

  it('hides a comment as outdated through GraphQL minimizeComment, and a refusal there is a GitHubError too', async () => {
    standIn.reset();
    const comment = await api().createIssueComment(1, 'an earlier notification');
    expect(comment.nodeId).toMatch(/^IC_/);
    await api().minimizeComment(comment.nodeId as string);
    expect(standIn.comments[0]?.minimizedReason).toBe('outdated');

    const unknown = await api()
      .minimizeComment('IC_nothing')
      .catch((caught: unknown) => caught);
    expect(unknown).toBeInstanceOf(port.GitHubError);
    expect(unknown).toMatchObject({ status: 404 });
    standIn.readOnly = true;
    const refused = await api()
      .minimizeComment(comment.nodeId as string)
      .catch((caught: unknown) => caught);
    expect(port.isPermissionDenied(refused)).toBe(true);
  });

  it('lists the newest commits between two commits through the compare route, oldest first; an unknown base is a 404', async () => {
    standIn.reset();
    const fixture = await createGitFixture({ 'handshakes/a.yaml': '# a\n' });
    standIn.repository = fixture.remote;
    const base = await fixture.commit({ 'handshakes/b.yaml': '# b\n' }, 'b');
    const second = await fixture.commit({ 'handshakes/c.yaml': '# c\n' }, 'c');
    const third = await fixture.pushElsewhere({ 'handshakes/d.yaml': '# d\n' }, 'd');
    expect(await api().newestCommitsBetween(base, third, 50)).toEqual([second, third]);
    expect(await api().newestCommitsBetween(base, third, 1)).toEqual([third]);
    expect(await api().newestCommitsBetween(third, third, 50)).toEqual([]);
    const unknown = await api()
      .newestCommitsBetween('f'.repeat(40), third, 50)
      .catch((caught: unknown) => caught);
    expect(unknown).toBeInstanceOf(port.GitHubError);
    expect(unknown).toMatchObject({ status: 404 });
  });

  it('finds the newest commits of a range longer than a page: the last page, and the one before when it is short', async () => {
    standIn.reset();
    const fixture = await createGitFixture({ 'handshakes/a.yaml': '# a\n' });
    standIn.repository = fixture.remote;
    const base = await fixture.commit({ 'handshakes/b.yaml': '# b\n' }, 'base');
    const commits: string[] = [];
    for (let index = 0; index < 7; index++) {
      commits.push(await fixture.commit({ [`handshakes/${index}.yaml`]: `# ${index}\n` }, `commit ${index}`));
    }
    expect(await api().newestCommitsBetween(base, commits[6] as string, 3)).toEqual(commits.slice(4));
    expect(await api().newestCommitsBetween(base, commits[6] as string, 7)).toEqual(commits);
    expect(await api().newestCommitsBetween(base, commits[5] as string, 2)).toEqual(commits.slice(4, 6));
  });

  it('never types an error that is not an HTTP answer from GitHub', () => {
    expect(port.isUnprocessable(Object.assign(new Error('duck'), { status: 422 }))).toBe(false);
    expect(port.isPermissionDenied({ status: 403 })).toBe(false);
  });
});
