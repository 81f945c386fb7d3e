import { PartnerCentralChannelClient, type RateLimits } from '../src/api/client.js';
import { createNodeTransport } from '../src/api/transport.js';
import { DEMO_CREDENTIALS } from '../src/simulator/server.js';

const UNLIMITED: RateLimits = { mutate: 0, list: 0, tag: 0 };

/** A client for a local simulator with the demo identity and fast retries. */
export function newClient(url: string, options: { rateLimits?: RateLimits; log?: (line: string) => void } = {}) {
  return new PartnerCentralChannelClient({
    endpoint: new URL(url),
    signingRegion: 'us-east-1',
    credentials: async () => ({
      accessKeyId: DEMO_CREDENTIALS.accessKeyId,
      secretAccessKey: DEMO_CREDENTIALS.secretAccessKey,
    }),
    transport: createNodeTransport({ timeoutMs: 5_000 }),
    retryPolicy: { maxAttempts: 10, baseDelayMs: 5, maxDelayMs: 50 },
    rateLimits: options.rateLimits ?? UNLIMITED,
    log: options.log,
  });
}
