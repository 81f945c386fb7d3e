#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a,b,c}from"./chunk-UWY7LJRW.js";import"./chunk-453WHGCT.js";import"./chunk-7FOV43YR.js";export{a as catalogsOf,b as fetchSentHandshakes,c as refreshState};
