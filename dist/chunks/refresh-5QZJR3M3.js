#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a}from"./chunk-D4X43ZSC.js";import"./chunk-BQAZG3F5.js";import"./chunk-JWLXHGKW.js";import"./chunk-F37DY4PJ.js";import"./chunk-J7F6GYH2.js";import"./chunk-7FOV43YR.js";export{a as refreshState};
