#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a}from"./chunk-4LEGUNQA.js";import"./chunk-XBJB2ERD.js";import"./chunk-JUXHX5NK.js";import"./chunk-J7F6GYH2.js";import"./chunk-7FOV43YR.js";export{a as refreshState};
