#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a as T,b as $,d as k}from"./chunk-OWMOJKHC.js";import{a as N}from"./chunk-INH4XZ3A.js";import"./chunk-7L5E654M.js";import"./chunk-4PCR5X32.js";import"./chunk-YTTASVBE.js";import{a as w,b as g,c as E,d as y,e as S,f as d,h as O,i as x,j as R,k as b,l as I,m as L,o as A}from"./chunk-IR3D6XUL.js";import{d as n}from"./chunk-JSTSTIC7.js";import{Z as p,aa as m,ba as u}from"./chunk-DV3QK2NG.js";import{a as D}from"./chunk-O3WODXZ2.js";import"./chunk-3B52MKPX.js";import{c}from"./chunk-R4F7DJFG.js";import"./chunk-PZUKGBQ6.js";import"./chunk-J7F6GYH2.js";import"./chunk-FSKI434Q.js";import"./chunk-4WAC3LGH.js";import"./chunk-RN3GPAG4.js";import"./chunk-7FOV43YR.js";import{parseArgs as F}from"node:util";var W=`Usage: handshakes refresh [--dir handshakes] [--state FILE] [--endpoint URL] [--detailed-exitcode]
                         [--format text|json]

Reads every handshake this account sent (each recorded catalog, all three types, every page)
and brings the recorded statuses up to date. Reports status changes, recorded handshakes AWS no
longer returns, and unmanaged handshakes that exist in AWS but in no declaration. The state is
written, with its serial bumped, only when a status changed.

Options:
  --dir DIR            Directory of declarations (default: handshakes)
  --state FILE         Recorded state (default: DIR/state.json)
  --max-bytes N        Read at most N bytes of declaration files in all (default: 64 MB)
  --endpoint URL       API endpoint (default: the AWS SDK convention)
  --detailed-exitcode  Exit 2 when there is drift
  --format FORMAT      text (default) or json (schemas/command-result.schema.json)
${E}
  -h, --help           Show this help
`;async function z(C,e){let{values:r}=F({args:C,options:{...w,...g,"detailed-exitcode":{type:"boolean"},format:{type:"string"}},strict:!0});if(S(r,W,e))return d;let _=A(r.format,["text","json"],"text"),a=x(e,r);return T(a.statePath,R(e,a,"handshakes refresh"),async()=>{let{state:j,readSerial:o}=await b(e,a),M=(await L(e,a).catch(()=>{}))?.declarations.map(t=>t.spec.catalog)??[],P=y(r),l=await D({endpoint:r.endpoint,env:e.env,...P});try{let t=await N(l.client,j,M,e.now()).catch(s=>{throw s instanceof c?new c(`refresh did not finish within --timeout ${r.timeout}: ${s.message} Nothing was written: ${a.stateLabel} is unchanged.`,!1):s});t.changed&&await I(e,a,o)(t.state);let h=p(t.report);if(_==="json")e.stdout.write(k({formatVersion:$,command:"refresh",directory:a.directoryLabel,state:{file:a.stateLabel,written:t.changed,serial:t.changed?t.state.serial:o??null},result:{drift:h,report:t.report}}));else{let s=u(t.report);e.stdout.write(s.length>0?`Drift:
${s.map(i=>`  ${n(i)}`).join(`
`)}
`:`No drift: AWS matches the recorded state.
`);let f=m(t.report);f.length>0&&e.stdout.write(`Managed elsewhere (not drift: another repository's owner tag):
${f.map(i=>`  ${n(i)}`).join(`
`)}
`),e.stdout.write(t.changed?`State written: ${a.stateLabel} (serial ${t.state.serial}).
`:`State unchanged: ${a.stateLabel}${o===void 0?" (no file was written)":""}.
`)}return r["detailed-exitcode"]&&h?(e.stderr.write(`Exit code 2 (--detailed-exitcode): AWS differs from the recorded state, not an error.
`),O):d}finally{l.close()}})}export{W as REFRESH_HELP,z as refreshCommand};
