import { DOCUMENTED_RATE_LIMITS, PartnerCentralChannelClient, type RateLimits } from './client.js';
import { type ChainLoader, loadDefaultChain, resolveCredentialProvider } from './credentials.js';
import type { Deadline } from './deadline.js';
import { resolveEndpoint } from './endpoint.js';
import { createNodeTransport } from './transport.js';

export interface ApiClientSettings {
  endpoint?: string;
  /** SigV4 signing region; the global endpoint is signed for us-east-1. */
  region?: string;
  env: Record<string, string | undefined>;
  rateLimits?: RateLimits;
  loadChain?: ChainLoader;
  log?: (line: string) => void;
  /** How long one attempt may take (30 s by default). */
  requestTimeoutMs?: number;
  /** Bounds the whole operation (--timeout, timeout-minutes). */
  deadline?: Deadline;
}

/** Endpoint, credentials, transport and pacing from flags and the environment, the way the AWS SDKs resolve them. */
export async function createApiClient(
  settings: ApiClientSettings,
): Promise<{ client: PartnerCentralChannelClient; endpoint: URL; close(): void }> {
  const endpoint = resolveEndpoint(settings.endpoint, settings.env);
  const credentials = await resolveCredentialProvider(settings.env, settings.loadChain ?? loadDefaultChain);
  const transport = createNodeTransport({ timeoutMs: settings.requestTimeoutMs });
  const client = new PartnerCentralChannelClient({
    endpoint: endpoint.url,
    signingRegion: settings.region ?? endpoint.signingRegion,
    credentials,
    transport,
    rateLimits: settings.rateLimits ?? DOCUMENTED_RATE_LIMITS,
    log: settings.log,
    requestTimeoutMs: settings.requestTimeoutMs,
    deadline: settings.deadline,
  });
  return { client, endpoint: endpoint.url, close: () => transport.close() };
}
