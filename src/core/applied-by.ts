import type { AppliedBy } from './model.js';

/** Who applied: the commit and pull request come from the environment when a workflow provides them. */
export function appliedByFromEnvironment(env: Record<string, string | undefined>): AppliedBy {
  const pullRequest = Number(env.HANDSHAKES_PULL_REQUEST ?? /^refs\/pull\/(\d+)\//.exec(env.GITHUB_REF ?? '')?.[1]);
  const runUrl =
    env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined;
  const appliedBy: AppliedBy = {};
  const actor = env.GITHUB_ACTOR ?? env.USER;
  if (actor) appliedBy.actor = actor;
  if (env.GITHUB_SHA) appliedBy.commit = env.GITHUB_SHA;
  if (Number.isInteger(pullRequest) && pullRequest > 0) appliedBy.pullRequest = pullRequest;
  if (runUrl) appliedBy.runUrl = runUrl;
  return appliedBy;
}
