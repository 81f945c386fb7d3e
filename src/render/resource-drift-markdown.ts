import type { ResourceFinding } from '../core/resource-drift.js';
import { escapeMarkdown } from './markdown.js';

/**
 * The drift issue's section for program management accounts and relationships: what changed or went away outside
 * this repository, or an account gone INACTIVE. Empty when there is none. Names and display names come from AWS and
 * the state, so every line is escaped.
 */
export function renderResourceDriftMarkdown(findings: readonly ResourceFinding[]): string {
  if (findings.length === 0) return '';
  return [
    '',
    '### Program management accounts and relationships',
    '',
    ...findings.map((finding) => `- ${escapeMarkdown(finding.message)}`),
    '',
    'The state now records what AWS holds. Edit the declarations to match (or put it back in AWS), then plan again: a plan shows what an apply would send for each.',
    '',
  ].join('\n');
}
