import * as core from '@actions/core';
import { createApiClient } from '../api/index.js';
import { createGitRunner } from '../git/repository.js';
import { createOctokitApi } from '../github/octokit.js';
import { environmentInputReader } from './inputs.js';
import type { ActionDependencies } from './main.js';

/** The real world: @actions/core, Octokit, git and the Partner Central API, wired for a runner. */
export function runnerDependencies(): ActionDependencies {
  const env = process.env;
  return {
    core: {
      info: (message) => core.info(message),
      warning: (message, properties) => core.warning(message, properties),
      error: (message, properties) => core.error(message, properties),
      notice: (message, properties) => core.notice(message, properties),
      setOutput: (name, value) => core.setOutput(name, value),
      setFailed: (message) => core.setFailed(message),
      appendSummary: async (markdown) => {
        await core.summary.addRaw(markdown, true).write();
      },
    },
    readInput: environmentInputReader(env),
    env,
    github: (token, context) => {
      core.setSecret(token);
      return createOctokitApi({ token, owner: context.owner, repo: context.repo, log: (line) => core.info(line) });
    },
    git: (workspace) => createGitRunner(workspace, env),
    aws: async (settings) => {
      for (const secret of [env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN]) if (secret) core.setSecret(secret);
      return createApiClient({
        endpoint: settings.endpoint,
        region: settings.region,
        env: settings.env,
        log: (line) => core.debug(line),
      });
    },
    now: () => new Date(),
  };
}
