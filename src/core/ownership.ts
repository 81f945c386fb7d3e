import { sha256Hex } from './canonical.js';
import type { CreateChannelHandshakeRequest, Tag } from './model.js';

/**
 * The tag every create carries, so a handshake in AWS says which repository and declaration sent it. The model's
 * TagKey is `^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`, 1..128 characters: the colon and the hyphen are allowed, so the key is
 * spelled as designed.
 */
export const OWNER_TAG_KEY = 'channel-handshakes:owner';

/** Characters the model's TagValue pattern does not allow; TagValue is at most 256 characters. */
const OUTSIDE_TAG_VALUE = /[^\p{L}\p{Z}\p{N}_.:/=+\-@]/u;
const LINEAGE_PART_LIMIT = 128;

/**
 * The lineage as it appears in the owner tag. A UUID lineage is used as it is; a lineage the tag pattern cannot carry
 * (or a very long one) is replaced by a digest of it, so the value always fits and still differs per lineage.
 */
export function ownerLineagePart(lineage: string): string {
  const fits = lineage.length <= LINEAGE_PART_LIMIT && !OUTSIDE_TAG_VALUE.test(lineage) && !lineage.includes('/');
  return fits ? lineage : `sha256.${sha256Hex(lineage).slice(0, 40)}`;
}

/** `<lineage>/<name>`: names are `^[a-z0-9][a-z0-9-]{0,62}$`, so the value stays well inside 256 characters. */
export function ownerTagValue(lineage: string, name: string): string {
  return `${ownerLineagePart(lineage)}/${name}`;
}

export interface Owner {
  /** The lineage part as the tag spells it (see ownerLineagePart). */
  lineagePart: string;
  name: string;
  /** The whole tag value, for messages. */
  value: string;
}

/** Who sent a handshake, read from its tags; undefined when it carries no owner tag (the console, other tools). */
export function ownerOf(tags: readonly Tag[]): Owner | undefined {
  const value = tags.find((tag) => tag.key === OWNER_TAG_KEY)?.value;
  if (value === undefined) return undefined;
  const slash = value.lastIndexOf('/');
  return { lineagePart: value.slice(0, slash), name: value.slice(slash + 1), value };
}

export type Ownership = 'unowned' | 'ours' | 'elsewhere';

/** Whether a handshake was sent by this lineage, by another one, or by something that does not tag. */
export function ownershipOf(tags: readonly Tag[], lineage: string): Ownership {
  const owner = ownerOf(tags);
  if (!owner) return 'unowned';
  return owner.lineagePart === ownerLineagePart(lineage) ? 'ours' : 'elsewhere';
}

/** The tags without the owner tag: what a declaration may say about them. */
export function declaredTagsOf(tags: readonly Tag[]): Tag[] {
  return tags.filter((tag) => tag.key !== OWNER_TAG_KEY);
}

/**
 * Adds the owner tag to a CreateChannelHandshake body, after the declared tags. It is part of the body the clientToken
 * is computed over, so only handshakes sent from now on get new tokens; recorded ones keep theirs.
 */
export function withOwnerTag<Body extends Omit<CreateChannelHandshakeRequest, 'clientToken'>>(
  body: Body,
  lineage: string,
  name: string,
): Body {
  const tags = [...declaredTagsOf(body.tags ?? []), { key: OWNER_TAG_KEY, value: ownerTagValue(lineage, name) }];
  return { ...body, tags };
}
