import { run } from './action/run.js';

run();
