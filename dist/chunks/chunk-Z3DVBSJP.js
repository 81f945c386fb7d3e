#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
var e={accessKeyId:"AKIASIMULATOR0000001",secretAccessKey:"simulator/secret/key/not/a/real/one/000001",accountId:"111122223333"};export{e as a};
