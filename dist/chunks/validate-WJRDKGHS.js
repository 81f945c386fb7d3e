#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{e as u,f as a,g,i as p,m as y,o as w}from"./chunk-RL2SGCHF.js";import{B as m,j as l,k as c,l as h}from"./chunk-SSSFBOSL.js";import{Z as f}from"./chunk-JUXHX5NK.js";import"./chunk-J7F6GYH2.js";import"./chunk-FSKI434Q.js";import"./chunk-7FOV43YR.js";import{parseArgs as x}from"node:util";var E=`Usage: handshakes validate [--dir handshakes] [--format text|github|json] [--max-bytes N]

Checks every YAML declaration under --dir against schemas/handshake.schema.json and the
cross-file rules. Every problem is reported with file:line:column and the field.

Options:
  --dir DIR        Directory of declarations (default: handshakes)
  --format FORMAT  text (default), github (workflow-command annotations) or json
  --max-bytes N    Read at most N bytes of declaration files in all (default: 67108864, 64 MB)
  -h, --help       Show this help

Exit code: 0 when there is no error (warnings never fail), 1 otherwise.
`;async function C(b,t){let{values:i}=x({args:b,options:{dir:{type:"string"},"max-bytes":{type:"string"},format:{type:"string"},help:{type:"boolean",short:"h"}},strict:!0});if(u(i,E,t))return a;let n=w(i.format,["text","github","json"],"text"),r=p(t,i),o=await y(t,r),d=o.forgets.length>0?await m(r.statePath):void 0,e=d?{...o,diagnostics:[...o.diagnostics,...f(o.forgets,d)]}:o;if(n==="json")t.stdout.write(`${JSON.stringify({valid:!e.hasErrors,declarations:e.declarations.length,diagnostics:e.diagnostics},null,2)}
`);else{if(n==="github"){let s=h(e.diagnostics);s&&t.stdout.writeCommands?t.stdout.writeCommands(`${s}
`):s&&t.stdout.write(`${s}
`)}else{let s=c(e.diagnostics,{color:t.stdout.isTTY===!0});s&&t.stdout.write(`${s}
`)}t.stdout.write(`${l(r.directoryLabel,e)}
`)}return e.hasErrors?g:a}export{E as VALIDATE_HELP,C as validateCommand};
