import { CredentialsError } from './errors.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export type CredentialProvider = () => Promise<Credentials>;

/** Loads the standard Node credential chain; injected so tests need not touch profiles or instance metadata. */
export type ChainLoader = () => Promise<CredentialProvider>;

export const loadDefaultChain: ChainLoader = async () => {
  // Loaded only when the environment has no keys: most runs (CI with OIDC, the simulator) never need it.
  const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
  return defaultProvider() as CredentialProvider;
};

/**
 * Environment keys first (what aws-actions/configure-aws-credentials exports, OIDC included), then the standard
 * chain: profiles, SSO, web identity, container and instance metadata. No credentials is an error before any request.
 */
export async function resolveCredentialProvider(
  env: Record<string, string | undefined>,
  loadChain: ChainLoader = loadDefaultChain,
): Promise<CredentialProvider> {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (accessKeyId && secretAccessKey) {
    const credentials: Credentials = { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN || undefined };
    return async () => credentials;
  }
  const chain = await loadChain();
  let cached: Credentials | undefined;
  const provider: CredentialProvider = async () => {
    const fresh = cached && (!cached.expiration || cached.expiration.getTime() - Date.now() > 60_000);
    if (!fresh) {
      try {
        cached = await chain();
      } catch (error) {
        throw new CredentialsError(
          `no AWS credentials found (${error instanceof Error ? error.message.split('\n')[0] : 'unknown reason'}). Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, configure a profile (AWS_PROFILE), or use aws-actions/configure-aws-credentials in a workflow.`,
        );
      }
    }
    return cached as Credentials;
  };
  // Resolve now, so a missing credential is reported before the first request rather than in the middle of an apply.
  await provider();
  return provider;
}
