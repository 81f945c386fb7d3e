#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a}from"./chunk-INH4XZ3A.js";import"./chunk-7L5E654M.js";import"./chunk-YTTASVBE.js";import"./chunk-DV3QK2NG.js";import"./chunk-J7F6GYH2.js";import"./chunk-7FOV43YR.js";export{a as refreshState};
