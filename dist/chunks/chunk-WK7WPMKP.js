#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
function t(s){let e=s?.status;return e===403||e===401||e===404}export{t as a};
