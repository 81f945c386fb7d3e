import type { PartnerCentralPort } from '../apply/partner-central.js';
import type { GitRunner } from '../git/repository.js';
import type { GitHubApi } from '../github/api.js';
import type { AnnotationProperties } from '../render/workflow-command.js';
import type { ActionContext } from './context.js';
import type { InputReader } from './inputs.js';

// The ports the action talks to the world through, apart from the orchestration so every flow can import them.
export type FailureReason =
  | 'invalid'
  | 'plan-changed'
  | 'plan-stale'
  | 'destructive-gate'
  | 'state-edited'
  | 'apply-failed'
  | 'state-conflict';

/** The runner protocol the action uses (the part of @actions/core it needs), injected so the orchestration can be exercised without a runner. */
export interface ActionCore {
  info(message: string): void;
  warning(message: string, properties?: AnnotationProperties): void;
  error(message: string, properties?: AnnotationProperties): void;
  notice(message: string, properties?: AnnotationProperties): void;
  setOutput(name: string, value: string): void;
  /** Masks a value in all later log lines. */
  setSecret(secret: string): void;
  setFailed(message: string): void;
  appendSummary(markdown: string): Promise<void>;
}

export interface ActionDependencies {
  core: ActionCore;
  readInput: InputReader;
  env: Record<string, string | undefined>;
  /** Loaded on first use, so validate-only runs never load Octokit. */
  github(token: string, context: ActionContext): Promise<GitHubApi>;
  git(workspace: string): GitRunner;
  aws(settings: {
    endpoint?: string;
    region?: string;
    env: Record<string, string | undefined>;
    rateLimits?: { mutate: number; list: number; tag: number };
    /** Bounds everything the client does from now on. */
    timeoutMs?: number;
  }): Promise<{ client: PartnerCentralPort; close(): void }>;
  now(): Date;
  /**
   * Uploads one file as a workflow artifact and returns its id. Absent where there is no artifact runtime; loaded on
   * first use, so runs that upload nothing never load the artifact client.
   */
  artifacts?(name: string, path: string): Promise<number | undefined>;
}
