import { redactorFromEnvironment } from '../core/redact.js';
import { createGitRunner } from '../git/repository.js';
import { redactingGitHubApi } from '../github/redacting.js';
import { environmentInputReader } from './inputs.js';
import type { ActionDependencies } from './ports.js';
import { runnerCore } from './runner-protocol.js';

/** The real world: the runner protocol, Octokit, git and the Partner Central API, wired for a runner. */
export function runnerDependencies(): ActionDependencies {
  const env = process.env;
  const core = runnerCore(env);
  return {
    core,
    readInput: environmentInputReader(env),
    env,
    github: async (token, context) => {
      core.setSecret(token);
      // Loaded on first use rather than at the top, so validate runs start without Octokit or the AWS SDK.
      const { createOctokitApi } = await import('../github/octokit.js');
      return redactingGitHubApi(
        createOctokitApi({ token, owner: context.owner, repo: context.repo, log: (line) => core.info(line) }),
        redactorFromEnvironment(env, [token]),
      );
    },
    git: (workspace) => createGitRunner(workspace, env),
    aws: async (settings) => {
      for (const secret of [env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN]) if (secret) core.setSecret(secret);
      const { createApiClient } = await import('../api/index.js');
      const { Deadline } = await import('../api/deadline.js');
      return createApiClient({
        endpoint: settings.endpoint,
        region: settings.region,
        env: settings.env,
        rateLimits: settings.rateLimits,
        ...(settings.timeoutMs ? { deadline: new Deadline(settings.timeoutMs) } : {}),
      });
    },
    now: () => new Date(),
    artifacts: async (name, path) => {
      // Loaded only when the runner provides the artifact runtime and there is a plan to upload.
      const { DefaultArtifactClient } = await import('@actions/artifact');
      const { basename, dirname } = await import('node:path');
      const response = await new DefaultArtifactClient().uploadArtifact(name, [path], dirname(path), {
        retentionDays: 30,
      });
      core.info(`JSON plan uploaded as the workflow artifact ${name} (${basename(path)}).`);
      return response.id;
    },
  };
}
