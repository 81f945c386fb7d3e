#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a}from"./chunk-S4CYYDKJ.js";import"./chunk-PJFC5R7B.js";import"./chunk-YTTASVBE.js";import"./chunk-DV3QK2NG.js";import"./chunk-J7F6GYH2.js";import"./chunk-7FOV43YR.js";export{a as refreshState};
