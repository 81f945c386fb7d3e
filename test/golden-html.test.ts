// Issue 17: "the terms, the destructive rows and the failure rows sit outside <details>". Each golden body the Action
// posts is rendered to HTML by a CommonMark renderer with GitHub's tables (markdown-it, pinned), and what a reader sees
// without expanding anything is checked, as text, not as Markdown source.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { renderPlanMarkdown } from '../src/render/markdown.js';
import { syntheticChange } from './support/synthetic-changes.js';

const GOLDEN = join(import.meta.dirname, 'golden');
// html: true, as GitHub passes our <details>, <summary> and <sub> through; linkify off, as in our own neutralising.
const renderer = new MarkdownIt({ html: true, linkify: false });

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#96': '`' };
const decode = (text: string) => text.replace(/&(amp|lt|gt|quot|#39|#96);/g, (_, name: string) => ENTITIES[name] ?? '');

/**
 * The text a reader sees with every <details> closed (its <summary> stays visible), the text inside them, and each
 * table row's text with whether it is folded.
 */
function visibleText(html: string): { shown: string; folded: string; rows: { text: string; folded: boolean }[] } {
  let depth = 0;
  let inSummary = false;
  let shown = '';
  let folded = '';
  let row: { text: string; folded: boolean } | undefined;
  const rows: { text: string; folded: boolean }[] = [];
  for (const part of html.split(/(<[^>]+>)/)) {
    if (part.startsWith('<')) {
      // A line break reads as a space between words.
      if (part === '<br>') {
        if (row) row.text += ' ';
        if (depth === 0 || (depth === 1 && inSummary)) shown += ' ';
        else folded += ' ';
      }
      if (/^<details\b/.test(part)) depth++;
      else if (part === '</details>') depth--;
      else if (part === '<summary>') inSummary = true;
      else if (part === '</summary>') inSummary = false;
      else if (part === '<tr>') row = { text: '', folded: depth > 0 };
      else if (part === '</tr>' && row) {
        rows.push(row);
        row = undefined;
      }
      continue;
    }
    if (row) row.text += `${decode(part)} `;
    if (depth === 0 || (depth === 1 && inSummary)) shown += decode(part);
    else folded += decode(part);
  }
  return { shown, folded, rows };
}

function golden(name: string) {
  const html = renderer.render(readFileSync(join(GOLDEN, name), 'utf8'));
  return { html, ...visibleText(html) };
}

describe('the golden reports, rendered to HTML (issue 17)', () => {
  it('a large plan folds its table, but never the rows that end a handshake', () => {
    const changes = Array.from({ length: 60 }, (_, index) => syntheticChange(index < 3 ? 'revoke' : 'create', index));
    const summary = { create: 57, revoke: 3, cancel: 0, replace: 0, supersede: 0, retag: 0, rename: 0, forget: 0 };
    const markdown = renderPlanMarkdown(
      { formatVersion: 3, digest: 'sha256:x', lineage: 'l', summary, changes, diagnostics: [] },
      { directory: 'handshakes' },
    );
    const { rows } = visibleText(renderer.render(markdown));
    const revokes = rows.filter((row) => row.text.includes('revoke-'));
    expect(revokes.map((row) => row.folded)).toEqual([false, false, false]);
    expect(rows.filter((row) => row.text.includes('create-')).every((row) => row.folded)).toBe(true);
  });

  it('the plan shows each change, its terms and the note the customer reads without expanding anything', () => {
    const { shown, folded } = golden('plan.md');
    for (const row of [
      "revoke-me revoke · rs-eeeeeeeeeeeee revokes 30 days' notice",
      "cancel-me start · rs-aaaaaaaaaaaaa withdraws 30 days' notice",
      "replace-me start · rs-bbbbbbbbbbbbb 30 → 60 days' notice",
      "new-one start · rs-fffffffffffff 30 days' notice",
    ]) {
      expect(shown.replace(/\s+/g, ' ')).toContain(row);
    }
    expect(shown).toContain('Note the customer reads');
    expect(shown).toContain('@\u2060octocat <img src=x onerror=alert(1)> | `code` **bold** [link](http://x)');
    // The exact request is folded: it is for the careful reviewer, not the first read.
    expect(folded).toContain('"clientToken": "chs1-');
    expect(shown).not.toContain('"clientToken"');
  });

  it('the plan table has three columns, the type and resource under the name, so a phone shows every one', () => {
    // GitHub lays a table out at its content's width and scrolls it sideways: at 390 px, five columns put the
    // Resource out of sight. Three fit; the type and the resource stay in each row, on the name's second line.
    const { html } = golden('plan.md');
    const table = html.slice(html.indexOf('<table>'), html.indexOf('</table>'));
    expect(table.match(/<th>/g)).toHaveLength(3);
    expect(table).toContain('<td>revoke-me<br>revoke · rs-eeeeeeeeeeeee</td>');
  });

  it('every golden body keeps its destructive rows and failure rows out of <details>', () => {
    const reports = readdirSync(join(GOLDEN, 'reports')).filter((name) => name.endsWith('.md'));
    expect(reports.length).toBeGreaterThan(5);
    let decisiveRows = 0;
    for (const name of reports) {
      const { rows } = golden(join('reports', name));
      for (const row of rows) {
        if (!/🔴\u00a0(revoke|cancel)|🟡\u00a0replace|❌|⏸️/.test(row.text)) continue;
        decisiveRows++;
        expect(row.folded, `${name}: ${row.text}`).toBe(false);
      }
    }
    expect(decisiveRows).toBeGreaterThan(3);
  });

  it('the partly failed apply shows the failure, its next step and the honest label without expanding anything', () => {
    const { shown } = golden('reports/apply-partly-failed.md');
    expect(shown).toContain('⚠️ Partly applied: 1 of 2 sent, 1 failed');
    expect(shown).toContain('failed: the quota of active PMA handshakes is reached');
    expect(shown.indexOf('pma-b')).toBeLessThan(shown.indexOf('pma-a'));
  });

  it('the destructive gate names each handshake it kept from ending', () => {
    const { shown } = golden('reports/not-applied-destructive.md');
    for (const id of ['ch-golden0000001', 'ch-golden0000002', 'ch-golden0000003']) expect(shown).toContain(id);
  });

  it('diff blocks are lines GitHub colours (- or + in column 1), and code spans copy without backslashes', () => {
    for (const name of ['plan.md', 'reports/plan.md']) {
      const { html } = golden(name);
      const diffs = [...html.matchAll(/<code class="language-diff">([\s\S]*?)<\/code>/g)].map(
        (match) => match[1] ?? '',
      );
      expect(diffs.length).toBeGreaterThan(0);
      for (const line of diffs
        .join('')
        .split('\n')
        .filter((text) => text !== ''))
        expect(line).toMatch(/^[-+]/);
      const spans = [...html.matchAll(/<code>([^<]*)<\/code>/g)].map((match) => match[1] ?? '');
      expect(spans.length).toBeGreaterThan(0);
      for (const span of spans) expect(span).not.toContain('\\');
    }
  });
});
