import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../core/errors.js';
import type { SourceFile } from '../core/load.js';
import type { Diagnostic } from '../core/model.js';

export const MAX_DECLARATION_FILE_BYTES = 1024 * 1024;

export interface WorkspaceFiles {
  files: SourceFile[];
  diagnostics: Diagnostic[];
}

const YAML_FILE = /\.ya?ml$/i;

/** A path with forward slashes, as repositories, annotations and lineage seeds spell it. */
/** A declaration an import has written but not yet moved into place (see cli/import). */
export const IMPORTING_SUFFIX = '.yaml.importing';

export function toPosix(path: string): string {
  return path.split(sep).join('/');
}

function isInside(parent: string, child: string): boolean {
  const path = relative(parent, child);
  return path === '' || (path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path));
}

/**
 * Collects the declaration files under `directory`, with paths relative to `root` (the repository root) so that
 * diagnostics become annotations on the right file. Files are returned in a sorted order, independent of the disk.
 */
export async function readDeclarationFiles(root: string, directory: string): Promise<WorkspaceFiles> {
  const base = resolve(root, directory);
  let baseReal: string;
  try {
    baseReal = await realpath(base);
    if (!(await stat(baseReal)).isDirectory()) {
      throw new UserError(
        `${directory} is not a directory. Point --dir at the folder that holds the handshake YAML files.`,
      );
    }
  } catch (error) {
    if (error instanceof UserError) {
      throw error;
    }
    throw new UserError(
      `cannot read the declarations directory ${directory}: it does not exist. Create it, or point --dir at the folder that holds the handshake YAML files.`,
    );
  }
  const files: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const pending = [base];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    const entries = await readdir(current, { withFileTypes: true });
    for (const entry of entries) {
      const absolute = join(current, entry.name);
      const path = toPosix(relative(root, absolute));
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) {
          pending.push(absolute);
        }
        continue;
      }
      if (entry.name.endsWith(IMPORTING_SUFFIX)) {
        // Written by an import that stopped before it could record it: planning now could cancel or resend it.
        diagnostics.push({
          severity: 'error',
          code: 'file.interrupted-import',
          location: { file: path, line: 1, column: 1 },
          message:
            'an import stopped before finishing this file. Run "handshakes import" again: it completes or discards it, and nothing is sent twice.',
        });
        continue;
      }
      if (!YAML_FILE.test(entry.name)) {
        continue;
      }
      const info = await lstat(absolute);
      let target = absolute;
      if (info.isSymbolicLink()) {
        try {
          target = await realpath(absolute);
        } catch {
          diagnostics.push({
            severity: 'error',
            code: 'file.broken-link',
            location: { file: path, line: 1, column: 1 },
            message:
              'this symbolic link points at nothing. Remove it, or make it point at a file inside the directory.',
          });
          continue;
        }
        if (!isInside(baseReal, target)) {
          diagnostics.push({
            severity: 'error',
            code: 'file.link-escapes',
            location: { file: path, line: 1, column: 1 },
            message: `this symbolic link leads outside ${directory}, and declarations must live inside it. Copy the file into the directory instead.`,
          });
          continue;
        }
      }
      const size = (await stat(target)).size;
      if (size > MAX_DECLARATION_FILE_BYTES) {
        diagnostics.push({
          severity: 'error',
          code: 'file.too-large',
          location: { file: path, line: 1, column: 1 },
          message: `this file is ${size} bytes; declaration files are limited to 1 MB. Split it into several files.`,
        });
        continue;
      }
      files.push({ path, text: await readFile(target, 'utf8') });
    }
  }
  files.sort((left, right) => (left.path < right.path ? -1 : left.path > right.path ? 1 : 0));
  return { files, diagnostics };
}
