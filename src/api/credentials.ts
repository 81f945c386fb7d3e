import { CredentialsError } from './errors.js';

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export type CredentialProvider = () => Promise<Credentials>;

/** Loads the standard Node credential chain; injected so tests need not touch profiles or instance metadata. */
export type ChainLoader = () => Promise<CredentialProvider>;

type ChainModule = typeof import('@aws-sdk/credential-provider-node');

export const loadDefaultChain: ChainLoader = async () => {
  // The bundled SDK is pinned and tested on the Node versions engines.node names. Its notice that SDK releases after
  // January 2027 will need a newer Node speaks to projects that upgrade the SDK themselves, not to users of this
  // bundle: the SDK's documented switch turns it off, unless the user has set it either way.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Loaded only when the environment has no keys: most runs (CI with OIDC, the simulator) never need it.
  const loaded = (await import('@aws-sdk/credential-provider-node')) as ChainModule | { default: ChainModule };
  // Split into a chunk of the ESM bundle, a CommonJS package's exports arrive as its default export.
  const { defaultProvider } = 'defaultProvider' in loaded ? loaded : loaded.default;
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
