#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a as J,b as H,d as U}from"./chunk-OWMOJKHC.js";import{a as F}from"./chunk-HDLH6DEY.js";import"./chunk-U2AANTBW.js";import"./chunk-4PCR5X32.js";import{a as I,b as x,c as E,d as P,e as k,f as y,h as j,i as D,j as L,k as M,l as T,m as C,o as _}from"./chunk-MOTKY5CO.js";import{d as h}from"./chunk-VTHTF2N4.js";import{b as g,ia as N,ma as $,na as b}from"./chunk-I4TOWIL2.js";import{a as W}from"./chunk-O3WODXZ2.js";import"./chunk-3B52MKPX.js";import{c as w}from"./chunk-R4F7DJFG.js";import"./chunk-PZUKGBQ6.js";import"./chunk-J7F6GYH2.js";import"./chunk-FSKI434Q.js";import"./chunk-4WAC3LGH.js";import"./chunk-RN3GPAG4.js";import"./chunk-7FOV43YR.js";import{parseArgs as X}from"node:util";var K={ProgramManagementAccount:"program management account",Relationship:"relationship"};function V(i,e){let r=[],c=!1,t=Object.create(null);for(let[a,s]of Object.entries(i.resources??{}))g(t,a,s);for(let a of e){let s=t[a.name];if(!s||!Object.hasOwn(t,a.name))continue;let l=`${a.name} (${K[s.kind]} ${s.id})`;if(!a.found){s.deletedOutside||(r.push(`${l}: deleted outside this repository (no longer listed)`),g(t,a.name,{...s,deletedOutside:!0}),c=!0);continue}let n=a.found,R={...s},{deletedOutside:f,...u}=R,d={...u};n.displayName!==void 0&&n.displayName!==(s.displayName??s.spec.displayName)&&(r.push(`${l}: displayName changed outside: ${JSON.stringify(s.displayName??s.spec.displayName)} → ${JSON.stringify(n.displayName)}`),d.displayName=n.displayName),n.revision!==void 0&&(d.revision=n.revision),"status"in n&&n.status!==void 0&&n.status!==s.status&&(r.push(n.status==="INACTIVE"?`${l}: went INACTIVE (was ${s.status??"unknown"}); relationships under it cannot be created`:`${l}: ${s.status??"unknown"} → ${n.status}`),d.status=n.status),JSON.stringify(d)!==JSON.stringify(s)&&(g(t,a.name,d),c=!0)}return c?{state:{...i,resources:{...t}},changed:!0,lines:r}:{state:i,changed:!1,lines:r}}function q(i){return Object.entries(i.resources??{}).filter(([,e])=>e.kind==="Relationship"&&e.spec.kind==="Relationship"&&e.spec.requestedSupportPlan).map(([e])=>`${e}: requestedSupportPlan as sent; AWS does not return it`)}async function v(i,e){let r=[];for(let[c,t]of Object.entries(e.resources??{})){let a=t.spec,s=a.kind==="ProgramManagementAccount"?await i.listAllProgramManagementAccounts({catalog:a.catalog,accountIds:[a.accountId]}):await i.listAllRelationships({catalog:a.catalog,associatedAccountIds:[a.associatedAccountId],...t.programManagementAccountId?{programManagementAccountIdentifiers:[t.programManagementAccountId]}:{}});r.push({name:c,found:s.find(l=>l.id===t.id)})}return V(e,r)}var B=`Usage: handshakes refresh [--dir handshakes] [--state FILE] [--endpoint URL] [--detailed-exitcode]
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
`;async function le(i,e){let{values:r}=X({args:i,options:{...I,...x,"detailed-exitcode":{type:"boolean"},format:{type:"string"}},strict:!0});if(k(r,B,e))return y;let c=_(r.format,["text","json"],"text"),t=D(e,r);return J(t.statePath,L(e,t,"handshakes refresh"),async()=>{let{state:a,readSerial:s}=await M(e,t),n=(await C(e,t).catch(()=>{}))?.declarations.map(u=>u.spec.catalog)??[],R=P(r),f=await W({endpoint:r.endpoint,env:e.env,...R});try{let u=await F(f.client,a,n,e.now()).catch(m=>{throw m instanceof w?new w(`refresh did not finish within --timeout ${r.timeout}: ${m.message} Nothing was written: ${t.stateLabel} is unchanged.`,!1):m}),d=a.resources?await v(f.client,u.state):void 0,o=d?.changed?{...u,state:d.state,changed:!0}:u;o.changed&&await T(e,t,s)(o.state);let S=N(o.report)||(d?.lines.length??0)>0;if(c==="json")e.stdout.write(U({formatVersion:H,command:"refresh",directory:t.directoryLabel,state:{file:t.stateLabel,written:o.changed,serial:o.changed?o.state.serial:s??null},result:{drift:S,report:o.report}}));else{let m=[...b(o.report),...d?.lines??[]];e.stdout.write(m.length>0?`Drift:
${m.map(p=>`  ${h(p)}`).join(`
`)}
`:`No drift: AWS matches the recorded state.
`);let O=$(o.report);O.length>0&&e.stdout.write(`Managed elsewhere (not drift: another repository's owner tag):
${O.map(p=>`  ${h(p)}`).join(`
`)}
`);let A=q(o.state);A.length>0&&e.stdout.write(`Not readable back:
${A.map(p=>`  ${h(p)}`).join(`
`)}
`),e.stdout.write(o.changed?`State written: ${t.stateLabel} (serial ${o.state.serial}).
`:`State unchanged: ${t.stateLabel}${s===void 0?" (no file was written)":""}.
`)}return r["detailed-exitcode"]&&S?(e.stderr.write(`Exit code 2 (--detailed-exitcode): AWS differs from the recorded state, not an error.
`),j):y}finally{f.close()}})}export{B as REFRESH_HELP,le as refreshCommand};
