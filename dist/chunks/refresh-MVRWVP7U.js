#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a,b,c,d,e}from"./chunk-56WE2R3U.js";import"./chunk-FKDMRZQM.js";import"./chunk-AX5LHRBZ.js";import"./chunk-2GUZBN6T.js";import"./chunk-J7F6GYH2.js";import"./chunk-7FOV43YR.js";export{c as OWNER_TAG_LOOKUPS_PER_REFRESH,a as catalogsOf,b as fetchSentHandshakes,e as refreshState,d as withOwnerTags};
