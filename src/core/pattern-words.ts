/**
 * Reads a schema pattern out in words, so that "not in the expected form" can say which form: `rs-[a-z0-9]{13}`
 * becomes "rs- followed by 13 lowercase letters or digits". The patterns come from the Smithy model through the JSON
 * schema; reading them here keeps every message true when a pattern changes. Only the small subset of regular
 * expressions those patterns use is read; anything else gives undefined, and the field's own description stands alone.
 */

/** One piece of a pattern: literal text, a character class with how often it repeats, or a choice of sequences. */
type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'class'; words: string; single: string; min: number; max: number }
  | { kind: 'choice'; options: Piece[][]; optional: boolean };

const RANGE_WORDS: Record<string, [plural: string, single: string]> = {
  'a-z': ['lowercase letters', 'lowercase letter'],
  'A-Z': ['uppercase letters', 'uppercase letter'],
  '0-9': ['digits', 'digit'],
  '-': ['hyphens', 'hyphen'],
  _: ['underscores', 'underscore'],
  '.': ['dots', 'dot'],
};

function listWords(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/** `[a-z0-9-]` → "lowercase letters, digits or hyphens"; undefined for a class this reader does not know. */
function classWords(body: string): { words: string; single: string } | undefined {
  if (/^\^\\u0000-\\u001F\\u007F$/i.test(body)) {
    return { words: 'characters other than control characters', single: 'character other than a control character' };
  }
  const parts: string[] = [];
  let rest = body;
  while (rest.length > 0) {
    const range = /^(a-z|A-Z|0-9)/.exec(rest)?.[0] ?? /^(\\-|-|_|\.)/.exec(rest)?.[0] ?? undefined;
    if (!range) return undefined;
    parts.push(range === '\\-' ? '-' : range);
    rest = rest.slice(range.length);
  }
  if (parts.includes('a-z') && parts.includes('A-Z')) {
    parts.splice(parts.indexOf('A-Z'), 1);
    parts[parts.indexOf('a-z')] = 'letters';
  }
  const known = parts.map((part) =>
    part === 'letters' ? (['letters', 'letter'] as [string, string]) : RANGE_WORDS[part],
  );
  if (known.some((words) => words === undefined)) return undefined;
  const words = known as [string, string][];
  return {
    words: listWords(words.map(([plural]) => plural)),
    single: `${/^[aeiou]/.test(words[0]?.[1] ?? '') ? 'an' : 'a'} ${listWords(words.map(([, single]) => single))}`,
  };
}

/** Parses a sequence up to `)` or the end; returns the pieces and where it stopped. */
function parseSequence(source: string, start: number): { pieces: Piece[]; end: number } | undefined {
  const pieces: Piece[] = [];
  let index = start;
  while (index < source.length) {
    const char = source[index] as string;
    if (char === ')' || char === '|') break;
    if (char === '^' || char === '$') {
      index++;
      continue;
    }
    if (char === '[') {
      const close = source.indexOf(']', index + 1);
      if (close === -1) return undefined;
      const described = classWords(source.slice(index + 1, close));
      if (!described) return undefined;
      index = close + 1;
      let min = 1;
      let max = 1;
      const quantifier = /^(\{(\d+)(,(\d+))?\}|\*|\+|\?)/.exec(source.slice(index));
      if (quantifier) {
        index += quantifier[0].length;
        if (quantifier[0] === '*') [min, max] = [0, Number.POSITIVE_INFINITY];
        else if (quantifier[0] === '+') [min, max] = [1, Number.POSITIVE_INFINITY];
        else if (quantifier[0] === '?') [min, max] = [0, 1];
        else {
          min = Number(quantifier[2]);
          max = quantifier[3] === undefined ? min : Number(quantifier[4]);
        }
      }
      pieces.push({ kind: 'class', ...described, min, max });
      continue;
    }
    if (char === '(') {
      const options: Piece[][] = [];
      let cursor = index + 1;
      for (;;) {
        const option = parseSequence(source, cursor);
        if (!option) return undefined;
        options.push(option.pieces);
        cursor = option.end;
        if (source[cursor] === '|') cursor++;
        else if (source[cursor] === ')') break;
        else return undefined;
      }
      index = cursor + 1;
      const optional = source[index] === '?';
      if (optional) index++;
      pieces.push({ kind: 'choice', options, optional });
      continue;
    }
    if (/[\\.*+?{}]/.test(char)) {
      if (char === '\\' && /[-/.]/.test(source[index + 1] ?? '')) {
        pieces.push({ kind: 'text', text: source[index + 1] as string });
        index += 2;
        continue;
      }
      return undefined;
    }
    const last = pieces.at(-1);
    if (last?.kind === 'text') last.text += char;
    else pieces.push({ kind: 'text', text: char });
    index++;
  }
  return { pieces, end: index };
}

function classPhrase(piece: Extract<Piece, { kind: 'class' }>): string {
  if (piece.min === 0 && piece.max === Number.POSITIVE_INFINITY) return `only ${piece.words}`;
  if (piece.max === Number.POSITIVE_INFINITY) return `${piece.min === 1 ? 'one' : piece.min} or more ${piece.words}`;
  if (piece.min === piece.max) return piece.min === 1 ? piece.single : `${piece.min} ${piece.words}`;
  if (piece.min === 0) return `up to ${piece.max} ${piece.words}`;
  return `${piece.min} to ${piece.max} ${piece.words}`;
}

/** An alternative that spells out an Amazon Resource Name reads as one: its parts are the model's, not the user's. */
function isArn(pieces: readonly Piece[]): boolean {
  const first = pieces[0];
  if (first?.kind === 'choice' && pieces.length === 1) return first.options.every(isArn);
  return first?.kind === 'text' && first.text.startsWith('arn:');
}

/** `(^|/)`: the rest may stand alone or end a longer value (an ARN). */
function isStartOrSlash(piece: Piece): boolean {
  return (
    piece.kind === 'choice' &&
    !piece.optional &&
    piece.options.length === 2 &&
    piece.options.some((option) => option.length === 0) &&
    piece.options.some((option) => option.length === 1 && option[0]?.kind === 'text' && option[0].text === '/')
  );
}

function sequenceWords(pieces: readonly Piece[]): string | undefined {
  let arnPrefix = false;
  let rest = [...pieces];
  const first = rest[0];
  if (first && (isStartOrSlash(first) || (first.kind === 'choice' && first.optional && first.options.every(isArn)))) {
    arnPrefix = true;
    rest = rest.slice(1);
  }
  const phrases: string[] = [];
  for (const [index, piece] of rest.entries()) {
    const previous = rest[index - 1];
    // `(pma|rs)-`: the text after a choice of texts belongs to each option ("pma- or rs-").
    if (piece.kind === 'text' && previous?.kind === 'choice' && /^[-:/]$/.test(piece.text)) {
      phrases[phrases.length - 1] = (phrases.at(-1) ?? '').split(' or ').join(`${piece.text} or `) + piece.text;
      continue;
    }
    if (piece.kind === 'text') phrases.push(piece.text);
    else if (piece.kind === 'class') phrases.push(classPhrase(piece));
    else {
      const texts = piece.options.map((option) =>
        option.length === 1 && option[0]?.kind === 'text' ? option[0].text : undefined,
      );
      if (piece.optional || texts.some((text) => text === undefined)) return undefined;
      phrases.push(listWords(texts as string[]));
    }
  }
  // Literal text glued to what follows reads as one word: "rs-" then "13 lowercase letters" → "rs- followed by …".
  const merged: string[] = [];
  for (const phrase of phrases) {
    const previous = merged.at(-1);
    if (previous !== undefined && /[-:/]$/.test(previous) && !previous.includes(' ') && /^[a-z-]+$/.test(phrase)) {
      merged[merged.length - 1] = `${previous}${phrase}`;
    } else merged.push(phrase);
  }
  if (merged.length === 0) return undefined;
  const words = merged.reduce((sentence, phrase) => `${sentence} followed by ${phrase}`);
  return arnPrefix ? `${words}, alone or at the end of its ARN` : words;
}

/** The expected form in words, or undefined when the pattern uses more than this reader knows. */
export function patternInWords(pattern: string): string | undefined {
  const parsed = parseSequence(pattern, 0);
  if (!parsed || parsed.end !== pattern.length) return undefined;
  const [only] = parsed.pieces;
  if (parsed.pieces.length === 1 && only?.kind === 'choice' && !only.optional) {
    const plain = only.options.filter((option) => !isArn(option));
    const described = plain.map(sequenceWords);
    if (described.some((words) => words === undefined)) return undefined;
    const words = (described as string[]).join(', or ');
    return plain.length < only.options.length ? `${words}, or its ARN` : words;
  }
  return sequenceWords(parsed.pieces);
}
