#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{e as u,f as n,g as p,i as w,m as y,o as b}from"./chunk-KBIMZFGO.js";import{i as l,j as h,k as f,m as g,z as m}from"./chunk-BVTZEGRI.js";import"./chunk-2GUZBN6T.js";import"./chunk-J7F6GYH2.js";import"./chunk-FSKI434Q.js";import"./chunk-7FOV43YR.js";import{parseArgs as x}from"node:util";var k=`Usage: handshakes validate [--dir handshakes] [--format text|github|json] [--max-bytes N]

Checks every YAML declaration under --dir against schemas/handshake.schema.json and the
cross-file rules. Every problem is reported with file:line:column and the field.

Options:
  --dir DIR        Directory of declarations (default: handshakes)
  --format FORMAT  text (default), github (workflow-command annotations) or json
  --max-bytes N    Read at most N bytes of declaration files in all (default: 67108864, 64 MB)
  -h, --help       Show this help

Exit code: 0 when there is no error (warnings never fail), 1 otherwise.
`;async function j(E,s){let{values:i}=x({args:E,options:{dir:{type:"string"},"max-bytes":{type:"string"},format:{type:"string"},help:{type:"boolean",short:"h"}},strict:!0});if(u(i,k,s))return n;let d=b(i.format,["text","github","json"],"text"),a=w(s,i),r=await y(s,a),c=r.forgets.length>0?await m(a.statePath):void 0,t=c?{...r,diagnostics:[...r.diagnostics,...g(r.forgets,c)]}:r,o=f(t.diagnostics);if(d==="json")s.stdout.write(`${JSON.stringify({valid:!t.hasErrors,declarations:t.declarations.length,diagnostics:t.diagnostics},null,2)}
`);else{if(d==="github"){let e=h(t.diagnostics);e&&s.stdout.writeCommands?s.stdout.writeCommands(`${e}
`):e&&s.stdout.write(`${e}
`)}else{let e=l(t.diagnostics);e&&s.stdout.write(`${e}
`)}let $=t.hasErrors?"invalid":"valid";s.stdout.write(`${a.directoryLabel}: ${t.declarations.length} declaration${t.declarations.length===1?"":"s"} ${$}; ${o.errors} error${o.errors===1?"":"s"}, ${o.warnings} warning${o.warnings===1?"":"s"}.
`)}return t.hasErrors?p:n}export{k as VALIDATE_HELP,j as validateCommand};
