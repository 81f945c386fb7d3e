// Links the reports carry. URLs are built from the run's context, never from user text, but paths in them can hold
// characters that end a Markdown link early, so those are percent-encoded too.

/** A URL safe inside Markdown's `[text](url)`: percent-encoded, parentheses included. */
export function markdownUrl(url: string): string {
  return encodeURI(url).replace(/[()]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function markdownLink(text: string, url: string | undefined): string {
  return url ? `[${text}](${markdownUrl(url)})` : text;
}

/** `https://github.com/owner/repo/commit/sha`. */
export function commitUrl(repositoryUrl: string | undefined, sha: string | undefined): string | undefined {
  return repositoryUrl && sha ? `${repositoryUrl}/commit/${sha}` : undefined;
}

/** The file at a commit, scrolled to the line: `https://github.com/owner/repo/blob/sha/path#L3`. */
export function blobUrl(
  repositoryUrl: string | undefined,
  sha: string | undefined,
  file: string,
  line?: number,
): string | undefined {
  if (!repositoryUrl || !sha) return undefined;
  return `${repositoryUrl}/blob/${sha}/${file}${line ? `#L${line}` : ''}`;
}

export function pullRequestUrl(repositoryUrl: string | undefined, number: number | undefined): string | undefined {
  return repositoryUrl && number ? `${repositoryUrl}/pull/${number}` : undefined;
}

/** Where the rest of a cut report is: the run log (full text) and, when uploaded, the JSON plan artifact. */
export interface ReportLinks {
  runUrl?: string;
  artifactUrl?: string;
  repositoryUrl?: string;
  headSha?: string;
}
