// logText runs over every byte the CLI prints, a 16 MB plan included, so it works on the whole text at once. It must
// defuse exactly what the line-by-line definition does: checked against that definition on random text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logText } from '../../src/render/neutralise.js';
import { runs } from '../support/property-runs.js';

/** The definition: split on the runner's line breaks, defuse `##[`, then a leading `::` after trimmable space. */
function logTextByLine(text: string): string {
  return text
    .split(/(\r\n|\r|\n)/)
    .map((part, index) => {
      if (index % 2 === 1) return part;
      const defused = part.replace(/##\[/g, '#\\u0023[');
      return /^[\s\u0085]*::/.test(defused) ? defused.replace(':', '\\u003A') : defused;
    })
    .join('');
}

const PIECES = [':', '::', '#', '##[', '[', ' ', '\t', '\u0085', '\u00A0', '\u2028', '\r', '\n', '\r\n', 'a', '{"x":'];

describe('logText', () => {
  it('defuses the same as the line-by-line definition, on text made of the characters that matter', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        expect(logText(text)).toBe(logTextByLine(text));
      }),
      runs(2_000),
    );
  });

  it('leaves text without commands as it is, and defuses a command on any line', () => {
    expect(logText('{\n  "a": "b::c"\n}\n')).toBe('{\n  "a": "b::c"\n}\n');
    expect(logText('ok\r  ::error::x\n##[group]y')).toBe('ok\r  \\u003A:error::x\n#\\u0023[group]y');
  });
});
