/**
 * What a directory's first lineage is derived from. Two repositories that both keep their declarations in
 * `handshakes/` must not share a lineage, or one would replay (adopt, and could cancel) the other's handshakes; two
 * clones of one repository must share it, or a plan on a laptop and on the runner would disagree.
 */
export type LineageSource =
  /** host/owner/repo, from GITHUB_SERVER_URL + GITHUB_REPOSITORY or the origin remote. */
  | { kind: 'repository'; repository: string }
  /** A repository without a remote: its root commit names it. */
  | { kind: 'root-commit'; commit: string }
  /** Not in git at all: only the directory is known. */
  | { kind: 'directory' };

/**
 * The seed of deriveLineage: `<host>/<owner>/<repo>#<directory>`, lower-cased. Outside git it is the directory alone,
 * which is what every lineage was derived from before repositories were told apart.
 */
export function lineageSeed(source: LineageSource, directory: string): string {
  const path =
    directory
      .replace(/\\/g, '/')
      .replace(/^\.\/+/, '')
      .replace(/\/+$/, '') || '.';
  switch (source.kind) {
    case 'repository':
      return `${source.repository}#${path}`.toLowerCase();
    case 'root-commit':
      return `git-root:${source.commit}#${path}`.toLowerCase();
    case 'directory':
      return path;
  }
}

/**
 * host/owner/repo from a git remote URL, so that every spelling of one repository is equal: ssh
 * (git@host:owner/repo.git, ssh://git@host:22/owner/repo), https (with or without credentials, .git or a trailing
 * slash) and git://. Undefined for a remote that names no host (a local path).
 */
export function repositoryFromRemote(remote: string): string | undefined {
  const text = remote.trim();
  let host: string;
  let path: string;
  const scpLike = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/\/)(.+)$/.exec(text);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return undefined;
    }
    if (url.protocol === 'file:' || !url.hostname) return undefined;
    host = url.hostname;
    path = decodeURIComponent(url.pathname);
  } else if (scpLike && !/^[a-z]:$/i.test(`${scpLike[1]}:`)) {
    host = scpLike[1] as string;
    path = scpLike[2] as string;
  } else {
    return undefined;
  }
  const cleaned = path
    .replace(/^\/+|\/+$/g, '')
    .replace(/\.git$/i, '')
    .replace(/\/+$/, '');
  if (!cleaned) return undefined;
  return `${host}/${cleaned}`.toLowerCase();
}

/** The Action's repository: GITHUB_SERVER_URL's host and GITHUB_REPOSITORY. */
export function repositoryFromGitHub(serverUrl: string, repository: string): string {
  let host = 'github.com';
  try {
    host = new URL(serverUrl).hostname || host;
  } catch {
    // A malformed server URL: github.com is what the runner would have meant.
  }
  return `${host}/${repository}`.toLowerCase();
}
