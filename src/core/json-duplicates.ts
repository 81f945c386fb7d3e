/**
 * The first key that appears twice in one object of a JSON text, with its line; JSON.parse silently keeps the last.
 * One linear pass over text that JSON.parse already accepted, so only strings, brackets and colons matter.
 */
export function firstDuplicateKey(text: string): { key: string; line: number } | undefined {
  const objects: (Set<string> | undefined)[] = [];
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (character === '{') objects.push(new Set());
    else if (character === '[') objects.push(undefined);
    else if (character === '}' || character === ']') objects.pop();
    else if (character === '"') {
      const start = index;
      for (index++; index < text.length && text[index] !== '"'; index++) {
        if (text[index] === '\\') index++;
      }
      let next = index + 1;
      while (next < text.length && /\s/.test(text[next] as string)) next++;
      const keys = objects.at(-1);
      if (text[next] !== ':' || !keys) continue;
      const key = JSON.parse(text.slice(start, index + 1)) as string;
      if (keys.has(key)) return { key, line: text.slice(0, start).split('\n').length };
      keys.add(key);
    }
  }
  return undefined;
}
