#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{e as h,f as i,g as f,i as m,m as u,o as g}from"./chunk-F6APBW6U.js";import{h as d,i as l,j as c}from"./chunk-AK6H6H5Y.js";import"./chunk-LN72AN4I.js";import"./chunk-J7F6GYH2.js";import"./chunk-FSKI434Q.js";import"./chunk-7FOV43YR.js";import{parseArgs as w}from"node:util";var b=`Usage: handshakes validate [--dir handshakes] [--format text|github|json] [--max-bytes N]

Checks every YAML declaration under --dir against schemas/handshake.schema.json and the
cross-file rules. Every problem is reported with file:line:column and the field.

Options:
  --dir DIR        Directory of declarations (default: handshakes)
  --format FORMAT  text (default), github (workflow-command annotations) or json
  --max-bytes N    Read at most N bytes of declaration files in all (default: 67108864, 64 MB)
  -h, --help       Show this help

Exit code: 0 when there is no error (warnings never fail), 1 otherwise.
`;async function v(p,s){let{values:o}=w({args:p,options:{dir:{type:"string"},"max-bytes":{type:"string"},format:{type:"string"},help:{type:"boolean",short:"h"}},strict:!0});if(h(o,b,s))return i;let a=g(o.format,["text","github","json"],"text"),n=m(s,o),t=await u(s,n),r=c(t.diagnostics);if(a==="json")s.stdout.write(`${JSON.stringify({valid:!t.hasErrors,declarations:t.declarations.length,diagnostics:t.diagnostics},null,2)}
`);else{if(a==="github"){let e=l(t.diagnostics);e&&s.stdout.writeCommands?s.stdout.writeCommands(`${e}
`):e&&s.stdout.write(`${e}
`)}else{let e=d(t.diagnostics);e&&s.stdout.write(`${e}
`)}let y=t.hasErrors?"invalid":"valid";s.stdout.write(`${n.directoryLabel}: ${t.declarations.length} declaration${t.declarations.length===1?"":"s"} ${y}; ${r.errors} error${r.errors===1?"":"s"}, ${r.warnings} warning${r.warnings===1?"":"s"}.
`)}return t.hasErrors?f:i}export{b as VALIDATE_HELP,v as validateCommand};
