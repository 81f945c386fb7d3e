#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{c as a,d as b,e as c,f as d}from"./chunk-FSKI434Q.js";import"./chunk-7FOV43YR.js";export{a as DEFAULT_REQUEST_TIMEOUT_MS,b as Deadline,d as formatDuration,c as parseDuration};
