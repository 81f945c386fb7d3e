#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
var e=class extends Error{name="UserError";diagnostics;constructor(o,t=[]){super(o),this.diagnostics=t}},n=class extends Error{name="InternalError"},s=class extends e{name="StateError"};function i(r){return r instanceof Error?r.message:String(r)}export{e as a,n as b,s as c,i as d};
