// Each test file's temporary directories (repositories, remotes, runner files, states) go when the file ends, so a
// run of the suite leaves nothing in the temporary directory. Per file, not per test: some files share a fixture
// across their tests.
import { afterAll } from 'vitest';
import { removeTemporaryDirectories } from '../helpers.js';

afterAll(removeTemporaryDirectories);
