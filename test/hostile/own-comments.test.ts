import { describe, expect, it } from 'vitest';
import { ACTIONS_BOT, appBotLoginInput, ownIdentity } from '../../src/action/own-identity.js';
import {
  commentMarker,
  findOwnComment,
  findReviewedPlanComment,
  readPlanData,
  writtenByUs,
} from '../../src/action/sticky-comment.js';
import type { GitHubApi, IssueComment } from '../../src/github/api.js';

const MARKER = commentMarker('handshakes');
const DATA = '<!-- channel-handshakes:plan-data {"digest":"sha256:1","summary":{"create":1}} -->';

function comment(
  id: number,
  authorLogin: string,
  authorType: string,
  body = `${MARKER}\n${DATA}\nplan`,
  authorId?: number,
): IssueComment {
  return { id, authorLogin, authorType, body, url: '', ...(authorId === undefined ? {} : { authorId }) };
}

/** Only authenticatedLogin is asked: what GET /user answers for the token. */
function tokenThatSays(login: string | undefined): GitHubApi {
  return { authenticatedLogin: async () => login } as GitHubApi;
}

describe('which comments are ours: only the Action’s own identity counts as the reviewed plan (issue 16)', () => {
  const person = comment(1, 'mallory', 'User');
  const actions = comment(2, 'github-actions[bot]', 'Bot', undefined, 41898282);
  const app = comment(3, 'handshakes-app[bot]', 'Bot');
  const owner = comment(4, 'octo-admin', 'User');
  const otherApp = comment(5, 'some-other-app[bot]', 'Bot');

  it('GITHUB_TOKEN (GET /user refused, no app-bot-login): github-actions[bot] (id 41898282) only', async () => {
    const identity = await ownIdentity(tokenThatSays(undefined), undefined);
    expect(identity).toEqual(ACTIONS_BOT);
    expect(findOwnComment([actions, person, app, owner, otherApp], 'handshakes', identity)?.id).toBe(actions.id);
    // Another app's comment carrying the marker and a digest is ignored, newest or not.
    expect(findOwnComment([person, app, otherApp, owner], 'handshakes', identity)).toBeUndefined();
    // The login with another id, or with a person's type, is not ours.
    expect(writtenByUs(comment(6, 'github-actions[bot]', 'Bot', undefined, 1), identity)).toBe(false);
    expect(writtenByUs(comment(7, 'github-actions[bot]', 'User'), identity)).toBe(false);
  });

  it('a GitHub App token: that app’s bot only, named by the app-bot-login input', async () => {
    const identity = await ownIdentity(tokenThatSays(undefined), appBotLoginInput('handshakes-app[bot]'));
    expect(findOwnComment([app, actions, otherApp, person], 'handshakes', identity)?.id).toBe(app.id);
    expect(findOwnComment([actions, otherApp, person], 'handshakes', identity)).toBeUndefined();
    expect(() => appBotLoginInput('mallory')).toThrow(/slug followed by \[bot\]/);
    expect(appBotLoginInput('')).toBeUndefined();
  });

  it('apply with an App token finds the plan the GITHUB_TOKEN plan workflow wrote, and still no other author’s', async () => {
    // docs/adopt.md: plan runs with GITHUB_TOKEN (no secret, so forks work), apply and drift with the App's token.
    const identity = await ownIdentity(tokenThatSays(undefined), appBotLoginInput('handshakes-app[bot]'));
    expect(findReviewedPlanComment([actions, otherApp, person], 'handshakes', identity)?.id).toBe(actions.id);
    expect(findReviewedPlanComment([actions, app], 'handshakes', identity)?.id).toBe(app.id);
    expect(findReviewedPlanComment([otherApp, person, owner], 'handshakes', identity)).toBeUndefined();
    // The GITHUB_TOKEN's login under another id is somebody else.
    const impostor = comment(8, 'github-actions[bot]', 'Bot', undefined, 1);
    expect(findReviewedPlanComment([impostor], 'handshakes', identity)).toBeUndefined();
  });

  it('a personal access token: that login only, even against a bot', async () => {
    const identity = await ownIdentity(tokenThatSays('octo-admin'), 'handshakes-app[bot]');
    expect(findOwnComment([actions, app, owner, person], 'handshakes', identity)?.id).toBe(owner.id);
    expect(findOwnComment([actions, app, person], 'handshakes', identity)).toBeUndefined();
  });

  it('the marker must open the comment and name this directory', () => {
    const quoted = comment(5, 'github-actions[bot]', 'Bot', `> ${MARKER}\n${DATA}`);
    const other = comment(6, 'github-actions[bot]', 'Bot', `${commentMarker('handshakes/emea')}\n${DATA}`);
    const longer = comment(7, 'github-actions[bot]', 'Bot', `${commentMarker('handshakes2')}\n${DATA}`);
    expect(findOwnComment([quoted, other, longer], 'handshakes', ACTIONS_BOT)).toBeUndefined();
  });

  it('the plan data is read only from a line of its own', () => {
    expect(readPlanData(`${MARKER}\n${DATA}\n`)?.digest).toBe('sha256:1');
    expect(readPlanData(`${MARKER}\n| note | ${DATA} |\n`)).toBeUndefined();
    expect(readPlanData(`${MARKER}\n    "note": "${DATA}"\n`)).toBeUndefined();
  });
});
