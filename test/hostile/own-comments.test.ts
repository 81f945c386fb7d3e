import { describe, expect, it } from 'vitest';
import { commentMarker, findOwnComment, readPlanData, writtenByUs } from '../../src/action/sticky-comment.js';
import type { IssueComment } from '../../src/github/api.js';

const MARKER = commentMarker('handshakes');
const DATA = '<!-- channel-handshakes:plan-data {"digest":"sha256:1","summary":{"create":1}} -->';

function comment(id: number, authorLogin: string, authorType: string, body = `${MARKER}\n${DATA}\nplan`): IssueComment {
  return { id, authorLogin, authorType, body, url: '' };
}

describe('which comments are ours, by token kind', () => {
  const person = comment(1, 'mallory', 'User');
  const actions = comment(2, 'github-actions[bot]', 'Bot');
  const app = comment(3, 'handshakes-app[bot]', 'Bot');
  const owner = comment(4, 'octo-admin', 'User');

  it('an installation token (GET /user refused): app identities only, the newest first; never a person', () => {
    expect(writtenByUs(person, undefined)).toBe(false);
    expect(writtenByUs(owner, undefined)).toBe(false);
    expect(findOwnComment([actions, person, app, owner], 'handshakes', undefined)?.id).toBe(app.id);
    expect(findOwnComment([person, owner], 'handshakes', undefined)).toBeUndefined();
  });

  it('a personal access token: that login only, even against a bot', () => {
    expect(findOwnComment([actions, app, owner, person], 'handshakes', 'octo-admin')?.id).toBe(owner.id);
    expect(findOwnComment([actions, app, person], 'handshakes', 'octo-admin')).toBeUndefined();
  });

  it('the marker must open the comment and name this directory', () => {
    const quoted = comment(5, 'github-actions[bot]', 'Bot', `> ${MARKER}\n${DATA}`);
    const other = comment(6, 'github-actions[bot]', 'Bot', `${commentMarker('handshakes/emea')}\n${DATA}`);
    const longer = comment(7, 'github-actions[bot]', 'Bot', `${commentMarker('handshakes2')}\n${DATA}`);
    expect(findOwnComment([quoted, other, longer], 'handshakes', undefined)).toBeUndefined();
  });

  it('the plan data is read only from a line of its own', () => {
    expect(readPlanData(`${MARKER}\n${DATA}\n`)?.digest).toBe('sha256:1');
    expect(readPlanData(`${MARKER}\n| note | ${DATA} |\n`)).toBeUndefined();
    expect(readPlanData(`${MARKER}\n    "note": "${DATA}"\n`)).toBeUndefined();
  });
});
