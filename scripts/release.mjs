// The release workflow's decisions, in one script CI can dry-run (.github/workflows/release.yml, ci.yml):
//   node scripts/release.mjs check vX.Y.Z    the tag names package.json's version, and CHANGELOG.md has its dated section
//   node scripts/release.mjs notes vX.Y.Z    prints that section: the GitHub release's notes
//   node scripts/release.mjs major vX.Y.Z    prints the major tag to move (v1), or nothing for a pre-release
//   node scripts/release.mjs dry-run         all of the above for the next release (package.json's version), taking
//                                            the Unreleased section as its notes, without creating anything
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

/** A release tag: v, then a semantic version; a pre-release (v1.2.0-rc.1) moves no major tag. */
export function parseReleaseTag(tag) {
  const match = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?$/.exec(tag);
  if (!match) throw new Error(`"${tag}" is not a release tag: expected vMAJOR.MINOR.PATCH, such as v1.2.0.`);
  const [, major, minor, patch, prerelease] = match;
  return {
    version: `${major}.${minor}.${patch}${prerelease ? `-${prerelease}` : ''}`,
    majorTag: prerelease ? undefined : `v${major}`,
    prerelease: prerelease !== undefined,
  };
}

const HEADING = /^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?\s*$/;

/** The changelog's sections in order: name (a version or Unreleased), date, and body text. */
export function changelogSections(changelog) {
  const sections = [];
  for (const line of changelog.split('\n')) {
    const heading = HEADING.exec(line);
    if (heading) {
      sections.push({ name: heading[1], date: heading[2], lines: [] });
    } else if (/^\[[^\]]+\]: /.test(line)) {
      // Link definitions close the last section.
      sections.at(-1)?.lines.push('');
      sections.push({ name: undefined, lines: [] });
    } else {
      sections.at(-1)?.lines.push(line);
    }
  }
  return sections
    .filter((section) => section.name !== undefined)
    .map((section) => ({ name: section.name, date: section.date, body: section.lines.join('\n').trim() }));
}

/** The notes for one version: its section's body. A missing, undated or empty section is an error. */
export function releaseNotes(changelog, version) {
  const section = changelogSections(changelog).find((candidate) => candidate.name === version);
  if (!section) throw new Error(`CHANGELOG.md has no "## [${version}] - YYYY-MM-DD" section.`);
  if (!section.date)
    throw new Error(`CHANGELOG.md's section for ${version} has no date ("## [${version}] - YYYY-MM-DD").`);
  if (section.body === '') throw new Error(`CHANGELOG.md's section for ${version} is empty.`);
  return `${section.body}\n`;
}

/** The checks a tag must pass before anything is released. */
export function checkRelease(tag, packageVersion, changelog) {
  const { version } = parseReleaseTag(tag);
  if (version !== packageVersion) {
    throw new Error(`the tag ${tag} names ${version}, but package.json says ${packageVersion}.`);
  }
  releaseNotes(changelog, version);
  const link = new RegExp(`^\\[${version.replace(/\./g, '\\.')}\\]: https://`, 'm');
  if (!link.test(changelog)) throw new Error(`CHANGELOG.md has no compare link "[${version}]: https://…".`);
}

/** What a release of package.json's version would do now, with the Unreleased section standing in for its notes. */
export function dryRun(packageVersion, changelog) {
  const tag = `v${packageVersion}`;
  const { majorTag } = parseReleaseTag(tag);
  const released = changelogSections(changelog).some((section) => section.name === packageVersion);
  const notes = released
    ? releaseNotes(changelog, packageVersion)
    : (changelogSections(changelog).find((section) => section.name === 'Unreleased')?.body ?? '');
  if (released) checkRelease(tag, packageVersion, changelog);
  if (notes.trim() === '') throw new Error('there is nothing to release: the notes would be empty.');
  return { tag, majorTag, notes };
}

function read(path) {
  return readFileSync(join(ROOT, path), 'utf8');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [command, tag] = process.argv.slice(2);
  const changelog = read('CHANGELOG.md');
  const packageVersion = JSON.parse(read('package.json')).version;
  try {
    if (command === 'check') {
      checkRelease(tag ?? '', packageVersion, changelog);
      console.log(`${tag}: package.json and CHANGELOG.md agree.`);
    } else if (command === 'notes') {
      process.stdout.write(releaseNotes(changelog, parseReleaseTag(tag ?? '').version));
    } else if (command === 'major') {
      const { majorTag } = parseReleaseTag(tag ?? '');
      if (majorTag) console.log(majorTag);
    } else if (command === 'dry-run') {
      const plan = dryRun(packageVersion, changelog);
      console.log(
        `A release now would tag ${plan.tag}, move ${plan.majorTag ?? 'no major tag'}, and carry these notes:\n`,
      );
      console.log(plan.notes);
    } else {
      throw new Error('usage: node scripts/release.mjs check|notes|major vX.Y.Z, or dry-run');
    }
  } catch (error) {
    console.error(`release: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
