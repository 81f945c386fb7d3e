import { UserError } from '../core/errors.js';
import type { Authorship, GitHubApi } from '../github/api.js';

/** Who the Action writes as: only comments and issues by this identity are ours (the reviewed plan among them). */
export interface OwnIdentity {
  login: string;
  /** The account id, when it is known for certain: the same login can never be reused under another id. */
  id?: number;
  /** `Bot` for an app's identity (GITHUB_TOKEN or a GitHub App token): a type no person's account can have. */
  type?: 'Bot';
}

/** The identity behind the default GITHUB_TOKEN, the same on every repository of github.com. */
export const ACTIONS_BOT: OwnIdentity = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };

/** A GitHub App's bot login, as GitHub spells it: the app's slug followed by [bot]. */
const APP_BOT_LOGIN = /^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?\[bot\]$/i;

/** The `app-bot-login` input, checked: empty when the token is GITHUB_TOKEN or a personal access token. */
export function appBotLoginInput(value: string): string | undefined {
  if (value === '') return undefined;
  if (!APP_BOT_LOGIN.test(value)) {
    throw new UserError(
      `app-bot-login must be a GitHub App's bot login, its slug followed by [bot] (for example my-handshakes-app[bot]), not "${value}".`,
    );
  }
  return value;
}

/**
 * The Action's own identity. A personal access token says who it is (GET /user). An installation token cannot ask:
 * a GitHub App's is named by the `app-bot-login` input, and otherwise the token is GITHUB_TOKEN, whose identity is
 * github-actions[bot]. No other author counts, bot or not: another app installed on the repository could write a
 * comment carrying our markers, and its plan digest must never pass for the reviewed one.
 */
export async function ownIdentity(github: GitHubApi, appBotLogin: string | undefined): Promise<OwnIdentity> {
  const login = await github.authenticatedLogin();
  if (login !== undefined) return { login };
  if (appBotLogin !== undefined) return { login: appBotLogin, type: 'Bot' };
  return ACTIONS_BOT;
}

/** Whether the Action's own identity wrote something. */
export function writtenBy(author: Authorship, identity: OwnIdentity): boolean {
  if (author.authorLogin !== identity.login) return false;
  if (identity.type !== undefined && author.authorType !== identity.type) return false;
  return identity.id === undefined || author.authorId === undefined || author.authorId === identity.id;
}
