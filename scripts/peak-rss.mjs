// Loaded with `node --import` into a measured process: at exit, writes the process's peak resident set size (KiB)
// to the file named by PEAK_RSS_FILE. No /usr/bin/time needed, and the figure belongs to that process alone.
import { writeFileSync } from 'node:fs';

const file = process.env.PEAK_RSS_FILE;
if (file) {
  process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
}
