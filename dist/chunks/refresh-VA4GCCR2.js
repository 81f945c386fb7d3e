#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a as N,b as A,d as T}from"./chunk-WGDUJOUP.js";import{a as c,b as k}from"./chunk-QPW7OBMZ.js";import"./chunk-4LEGUNQA.js";import"./chunk-XBJB2ERD.js";import"./chunk-4PCR5X32.js";import{a as u,b as w,c as g,d as E,e as y,f as d,h as b,i as O,j as S,k as x,l as R,m as $,o as I}from"./chunk-RL2SGCHF.js";import{a as i}from"./chunk-SSSFBOSL.js";import"./chunk-JUXHX5NK.js";import{a as L}from"./chunk-366NE5VP.js";import"./chunk-3B52MKPX.js";import{c as l}from"./chunk-UQLSHYJJ.js";import"./chunk-PZUKGBQ6.js";import"./chunk-J7F6GYH2.js";import"./chunk-FSKI434Q.js";import"./chunk-4WAC3LGH.js";import"./chunk-RN3GPAG4.js";import"./chunk-7FOV43YR.js";import{parseArgs as F}from"node:util";var M=`Usage: handshakes refresh [--dir handshakes] [--state FILE] [--endpoint URL] [--detailed-exitcode]
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
${g}
  -h, --help           Show this help
`;async function Y(D,t){let{values:s}=F({args:D,options:{...u,...w,"detailed-exitcode":{type:"boolean"},format:{type:"string"}},strict:!0});if(y(s,M,t))return d;let j=I(s.format,["text","json"],"text"),a=O(t,s);return N(a.statePath,S(t,a,"handshakes refresh"),async()=>{let{state:C,readSerial:n}=await x(t,a),_=(await $(t,a).catch(()=>{}))?.declarations.map(e=>e.spec.catalog)??[],P=E(s),h=await L({endpoint:s.endpoint,env:t.env,...P});try{let e=await k(h.client,C,{declaredCatalogs:_,now:t.now()}).catch(o=>{throw o instanceof l?new l(`refresh did not finish within --timeout ${s.timeout}: ${o.message} Nothing was written: ${a.stateLabel} is unchanged.`,!1):o});e.changed&&await R(t,a,n)(e.state);let f=e.drift;if(j==="json")t.stdout.write(T({formatVersion:A,command:"refresh",directory:a.directoryLabel,state:{file:a.stateLabel,written:e.changed,serial:e.changed?e.state.serial:n??null},result:{drift:f,report:e.findings.report,resources:e.findings.resources,unreadable:c(e.state)}}));else{let o=e.lines;t.stdout.write(o.length>0?`Drift:
${o.map(r=>`  ${i(r)}`).join(`
`)}
`:`No drift: AWS matches the recorded state.
`);let p=e.elsewhere;p.length>0&&t.stdout.write(`Managed elsewhere (not drift: another repository's owner tag):
${p.map(r=>`  ${i(r)}`).join(`
`)}
`);let m=c(e.state).map(r=>r.message);m.length>0&&t.stdout.write(`Not readable back:
${m.map(r=>`  ${i(r)}`).join(`
`)}
`),t.stdout.write(e.changed?`State written: ${a.stateLabel} (serial ${e.state.serial}).
`:`State unchanged: ${a.stateLabel}${n===void 0?" (no file was written)":""}.
`)}return s["detailed-exitcode"]&&f?(t.stderr.write(`Exit code 2 (--detailed-exitcode): AWS differs from the recorded state, not an error.
`),b):d}finally{h.close()}})}export{M as REFRESH_HELP,Y as refreshCommand};
