// Property tests run with one fixed seed, so `npm test` gives the same answer on every run; a failure names the seed
// (fast-check's "seed: …, path: …" line) and FC_SEED=<seed> replays it. FC_RUNS overrides every test's run count,
// for the scheduled CI job that explores with random seeds and many more runs.
import fc from 'fast-check';

/** The seed of every `npm test` run unless FC_SEED says otherwise. Any value would do; it only has to stay put. */
const FIXED_SEED = 20_261_206;

function wholeNumber(name: string, text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be a whole number, not "${text}".`);
  return value;
}

const seed = wholeNumber('FC_SEED', process.env.FC_SEED) ?? FIXED_SEED;
const runCount = wholeNumber('FC_RUNS', process.env.FC_RUNS);
if (runCount !== undefined && runCount < 1) throw new Error(`FC_RUNS must be at least 1, not ${runCount}.`);

fc.configureGlobal({ seed, ...(runCount === undefined ? {} : { numRuns: runCount }) });

/** A test's own run count, unless FC_RUNS overrides it. */
export function runs(numRuns: number): { numRuns: number } {
  return { numRuns: runCount ?? numRuns };
}
