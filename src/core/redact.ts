/**
 * Redaction of credentials from text we are about to keep or publish: a comment, a summary, a commit message, the
 * state or a plan file. API error text comes from outside, and an endpoint (or a proxy in front of it) that echoes
 * the request's headers would otherwise put the signature's access key id, or the session token, in public view.
 * The runner's log masking covers only the log; these places need their own.
 */

export const REDACTED = '[redacted]';

/** Turns text into text without the secrets this run knows of, nor anything shaped like an AWS or GitHub credential. */
export type Redactor = (text: string) => string;

/** Shorter values are not redacted literally: a secret of three characters would blank out ordinary words. */
const MINIMUM_SECRET_LENGTH = 8;

// The shapes, in order. An access key id alone (AKIA… long-term, ASIA… temporary), followed by whatever separates it
// from a secret (`:`, `=`, `/`, `"`, a space…) and a 40-character secret access key when one follows.
const SHAPES: readonly RegExp[] = [
  /\b(?:AKIA|ASIA|AIDA|AROA|ABIA|ACCA)[A-Z0-9]{16}\b(?:[\s"',:;=/\\]{1,4}[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+]))?/g,
  // The values of the headers and fields that carry credentials, whatever their spelling or quoting.
  /(x-amz-security-token|aws_session_token|sessiontoken|aws_secret_access_key|secretaccesskey|authorization)(["']?\s*[:=]\s*["']?)[^\s"',;}]+(?:[ ][^\s"',;}]+)?/gi,
  // GitHub tokens: classic and fine-grained personal tokens, OAuth, user-to-server, server-to-server, refresh.
  /\b(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{40,255})\b/g,
  // A signature of the SigV4 form is single-use, but it names the key id's scope next to it; no reason to keep it.
  /\bSignature=[0-9a-f]{64}\b/g,
];

// Text that any shape matches holds one of these: one case-insensitive pass finds out, so most of a
// plan file skips the four passes of the shapes. Every shape above must start with, or contain, one of these.
const MAYBE_SHAPED =
  /AKIA|ASIA|AIDA|AROA|ABIA|ACCA|x-amz-security-token|aws_session_token|sessiontoken|aws_secret_access_key|secretaccesskey|authorization|gh[pousr]_|github_pat_|Signature=/i;

// The access key id and GitHub token shapes without the global flag, so a test keeps no lastIndex between calls;
// built once, as validation asks about every note and tag of every declaration.
const CREDENTIAL_SHAPES: readonly RegExp[] = [SHAPES[0], SHAPES[2]].flatMap((shape) =>
  shape ? [new RegExp(shape.source)] : [],
);

/** Whether text holds something shaped like an AWS access key id or a GitHub token, whatever surrounds it. */
export function holdsCredentialShape(text: string): boolean {
  return CREDENTIAL_SHAPES.some((shape) => shape.test(text));
}

function forms(secret: string): string[] {
  const escapedForJson = JSON.stringify(secret).slice(1, -1);
  return [...new Set([secret, escapedForJson, escapedForJson.replace(/\//g, '\\/'), encodeURIComponent(secret)])];
}

/**
 * A redactor for these secrets (the run's AWS access key id, secret access key and session token, its GitHub
 * token), in their plain, JSON-escaped and URL-encoded spellings, and for every credential-shaped string.
 */
export function createRedactor(secrets: readonly (string | undefined)[]): Redactor {
  const literals = secrets
    .filter((secret): secret is string => typeof secret === 'string' && secret.length >= MINIMUM_SECRET_LENGTH)
    .flatMap(forms)
    // The longest first, so a secret that contains another is replaced whole.
    .sort((left, right) => right.length - left.length);
  return (text) => {
    let result = text;
    for (const literal of literals) result = result.split(literal).join(REDACTED);
    if (!MAYBE_SHAPED.test(result)) return result;
    for (const shape of SHAPES) {
      result = result.replace(shape, (_match, name?: string, separator?: string) =>
        typeof name === 'string' && typeof separator === 'string' ? `${name}${separator}${REDACTED}` : REDACTED,
      );
    }
    return result;
  };
}

/** The secrets a run holds, from its environment: what the AWS SDK and the Action read credentials from. */
export function redactorFromEnvironment(
  env: Record<string, string | undefined>,
  moreSecrets: readonly (string | undefined)[] = [],
): Redactor {
  return createRedactor([
    env.AWS_ACCESS_KEY_ID,
    env.AWS_SECRET_ACCESS_KEY,
    env.AWS_SESSION_TOKEN,
    env.GITHUB_TOKEN,
    env['INPUT_GITHUB-TOKEN'],
    ...moreSecrets,
  ]);
}

/** Redacts every string inside a JSON-shaped value (keys included), leaving its structure alone. */
export function redactValue<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((member) => redactValue(member, redact)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, member]) => [redact(key), redactValue(member, redact)]),
    ) as T;
  }
  return value;
}

/**
 * A redactor that leaves these exact values readable and redacts the rest as before. Only for values that are public
 * on purpose: the simulator's demo identity in its own banner and help, which are printed to be copied.
 */
export function keepingReadable(redact: Redactor, values: readonly string[]): Redactor {
  const escaped = values.map((value) => value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  const readable = new RegExp(`(${escaped.join('|')})`);
  // split() with a capturing group puts the readable values at the odd indexes.
  return (text) =>
    text
      .split(readable)
      .map((piece, index) => (index % 2 === 1 ? piece : redact(piece)))
      .join('');
}
