import { UserError } from '../core/errors.js';

export const DEFAULT_ENDPOINT = 'https://partnercentral-channel.global.api.aws';
export const FIPS_ENDPOINT = 'https://partnercentral-channel-fips.global.api.aws';
/** The commercial partition's global endpoint is signed for us-east-1, per the model's endpoint rules. */
export const SIGNING_REGION = 'us-east-1';
export const SIGNING_NAME = 'partnercentral-channel';

export interface ResolvedEndpoint {
  url: URL;
  signingRegion: string;
}

/**
 * Picks the endpoint the way the AWS SDKs do: an explicit --endpoint, then AWS_ENDPOINT_URL_PARTNERCENTRAL_CHANNEL,
 * then AWS_ENDPOINT_URL, else the global endpoint (its FIPS variant with AWS_USE_FIPS_ENDPOINT=true).
 */
export function resolveEndpoint(
  explicit: string | undefined,
  env: Record<string, string | undefined>,
): ResolvedEndpoint {
  const custom = explicit || env.AWS_ENDPOINT_URL_PARTNERCENTRAL_CHANNEL || env.AWS_ENDPOINT_URL;
  const fips = (env.AWS_USE_FIPS_ENDPOINT ?? '').toLowerCase() === 'true';
  if (custom && fips) {
    // The model's first endpoint rule: a custom endpoint cannot promise FIPS compliance.
    throw new UserError(
      'Invalid configuration: FIPS and a custom endpoint are not supported together. Unset AWS_USE_FIPS_ENDPOINT or the custom endpoint.',
    );
  }
  const text = custom || (fips ? FIPS_ENDPOINT : DEFAULT_ENDPOINT);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(
      `the endpoint "${text}" is not a URL. Write it like https://partnercentral-channel.global.api.aws or http://127.0.0.1:4566.`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UserError(`the endpoint "${text}" must use http or https.`);
  }
  return { url, signingRegion: SIGNING_REGION };
}
