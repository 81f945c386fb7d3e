import { canonicalJson, sha256Base64Url, sha256Hex } from './canonical.js';
import type { CreateChannelHandshakeRequest } from './model.js';

export const TOKEN_PREFIX = 'chs1-';

export interface TokenInputs {
  lineage: string;
  name: string;
  revision: number;
  generation: number;
  /** `create` for the declared handshake, `revoke` for the REVOKE_SERVICE_PERIOD that ends it. */
  purpose: 'create' | 'revoke';
  body: Omit<CreateChannelHandshakeRequest, 'clientToken'>;
  /**
   * For a revoke sent again after an earlier one for the same period was cancelled: how many went before. Absent for
   * the first, so tokens of the first release are unchanged.
   */
  attempt?: number;
}

/**
 * The clientToken for a CreateChannelHandshake call:
 *
 *   "chs1-" + base64url(sha256(canonicalJson({ lineage, name, revision, generation, purpose, body })))
 *
 * 48 printable ASCII characters, inside the API's ^[!-~]{1,64}$. The same inputs always give the same token, so a
 * retried, crashed or re-run apply replays the original handshake instead of sending a second one. The lineage keeps
 * two repositories apart, the generation keeps a spec that was reverted after a replace from replaying a cancelled
 * handshake, and the body makes any change to what is sent a new token.
 */
export function clientToken(inputs: TokenInputs): string {
  return `${TOKEN_PREFIX}${sha256Base64Url(canonicalJson(inputs))}`;
}

/**
 * A lineage for a directory that has no recorded state yet. It must not depend on time, randomness or absolute paths:
 * the plan shown on the first pull request has to equal the plan computed when it merges, on another machine.
 */
export function deriveLineage(seed: string): string {
  const hex = sha256Hex(`channel-handshakes/lineage/v1\n${seed}`);
  // Shaped as a UUID (version 8: "custom") so that it reads like the lineages the state file otherwise holds.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
