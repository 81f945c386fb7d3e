#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a}from"./chunk-H2X4ZS6B.js";import"./chunk-J6SU5ELZ.js";import"./chunk-G7IET5TD.js";import"./chunk-H22PMGKS.js";import"./chunk-J7F6GYH2.js";import"./chunk-7FOV43YR.js";export{a as refreshState};
