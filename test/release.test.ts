// The release workflow's decisions (.github/workflows/release.yml calls scripts/release.mjs): which tags release,
// which major tag moves, and which notes the GitHub release gets from CHANGELOG.md.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { changelogSections, checkRelease, dryRun, parseReleaseTag, releaseNotes } from '../scripts/release.mjs';

const ROOT = join(import.meta.dirname, '..');
const CHANGELOG = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
const PACKAGE_VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const SAMPLE = `# Changelog

## [Unreleased]

### Fixed

- something after 1.1.0

## [1.1.0] - 2027-01-15

### Added

- a new input

## [1.0.0] - 2026-12-20

First stable release.

[Unreleased]: https://github.com/o/r/compare/v1.1.0...HEAD
[1.1.0]: https://github.com/o/r/compare/v1.0.0...v1.1.0
[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0
`;

describe('release tags', () => {
  it('a full version moves its major tag; a pre-release moves none', () => {
    expect(parseReleaseTag('v1.2.0')).toEqual({ version: '1.2.0', majorTag: 'v1', prerelease: false });
    expect(parseReleaseTag('v2.0.0-rc.1')).toEqual({ version: '2.0.0-rc.1', majorTag: undefined, prerelease: true });
  });

  it.each(['1.2.0', 'v1.2', 'v01.2.0', 'v1.2.0.0', 'v1', 'release-1.2.0'])('refuses %s', (tag) => {
    expect(() => parseReleaseTag(tag)).toThrow(/not a release tag/);
  });
});

describe('release notes from CHANGELOG.md', () => {
  it("are the version's section, without its heading, the next section or the link definitions", () => {
    expect(releaseNotes(SAMPLE, '1.1.0')).toBe('### Added\n\n- a new input\n');
    expect(releaseNotes(SAMPLE, '1.0.0')).toBe('First stable release.\n');
  });

  it('refuse a version without a section, without a date, or with an empty section', () => {
    expect(() => releaseNotes(SAMPLE, '1.2.0')).toThrow('no "## [1.2.0] - YYYY-MM-DD" section');
    expect(() => releaseNotes(SAMPLE.replace('[1.1.0] - 2027-01-15', '[1.1.0]'), '1.1.0')).toThrow('has no date');
    expect(() => releaseNotes(SAMPLE.replace('First stable release.', ''), '1.0.0')).toThrow('is empty');
  });

  it('a tag must name the version package.json holds', () => {
    expect(() => checkRelease('v1.1.0', '1.1.0', SAMPLE)).not.toThrow();
    expect(() => checkRelease('v1.1.0', '1.0.0', SAMPLE)).toThrow('package.json says 1.0.0');
    expect(() => checkRelease('v1.1.0', '1.1.0', SAMPLE.replace(/^\[1\.1\.0\]:.*$/m, ''))).toThrow('compare link');
  });
});

describe("this repository's CHANGELOG.md (Keep a Changelog)", () => {
  const sections = changelogSections(CHANGELOG) as { name: string; date?: string; body: string }[];

  it('opens with Unreleased; every released version has a date, newest first, and a compare link', () => {
    expect(sections[0]?.name).toBe('Unreleased');
    const released = sections.slice(1);
    expect(released.length).toBeGreaterThan(0);
    for (const section of released) {
      expect(section.date, section.name).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(CHANGELOG).toMatch(new RegExp(`^\\[${section.name.replace(/\./g, '\\.')}\\]: https://github\\.com/`, 'm'));
    }
    const dates = released.map((section) => section.date ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
    expect(CHANGELOG).toMatch(/^\[Unreleased\]: https:\/\/github\.com\/.+\/compare\/v.+\.\.\.HEAD$/m);
  });

  it('the dry run CI does: the next release (package.json) would move its major tag and carry non-empty notes', () => {
    const plan = dryRun(PACKAGE_VERSION, CHANGELOG) as { tag: string; majorTag?: string; notes: string };
    expect(plan.tag).toBe(`v${PACKAGE_VERSION}`);
    expect(plan.majorTag).toBe(`v${PACKAGE_VERSION.split('.')[0]}`);
    expect(plan.notes.trim()).not.toBe('');
  });
});
