#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a as U,b as q,d as v}from"./chunk-WGDUJOUP.js";import{a as J}from"./chunk-AENBY4EW.js";import"./chunk-476SBAMO.js";import"./chunk-4PCR5X32.js";import{a as I,b as P,c as k,d as E,e as j,f as S,h as D,i as M,j as L,k as T,l as C,m as F,o as _}from"./chunk-4I76OTML.js";import{d as y}from"./chunk-SF5IYRTE.js";import{b as w,ia as A,ma as $,na as x}from"./chunk-AT43X4D7.js";import{a as W}from"./chunk-O3WODXZ2.js";import"./chunk-3B52MKPX.js";import{c as O}from"./chunk-R4F7DJFG.js";import"./chunk-PZUKGBQ6.js";import"./chunk-J7F6GYH2.js";import"./chunk-FSKI434Q.js";import"./chunk-4WAC3LGH.js";import"./chunk-RN3GPAG4.js";import"./chunk-7FOV43YR.js";import{parseArgs as X}from"node:util";var V={ProgramManagementAccount:"program management account",Relationship:"relationship"};function H(d,e){let r=[],l=!1,t=Object.create(null);for(let[a,s]of Object.entries(d.resources??{}))w(t,a,s);for(let a of e){let s=t[a.name];if(!s||!Object.hasOwn(t,a.name))continue;let p=`${a.name} (${V[s.kind]} ${s.id})`,h={name:a.name,kind:s.kind,id:s.id};if(!a.found){s.deletedOutside||(r.push({...h,finding:"deleted-outside",message:`${p}: deleted outside this repository (no longer listed)`}),w(t,a.name,{...s,deletedOutside:!0}),l=!0);continue}let n=a.found,m={...s},{deletedOutside:g,...o}=m,u={...o},c=s.displayName??s.spec.displayName;if(n.displayName!==void 0&&n.displayName!==c&&(r.push({...h,finding:"changed-outside",field:"displayName",from:c,to:n.displayName,message:`${p}: displayName changed outside: ${JSON.stringify(c)} → ${JSON.stringify(n.displayName)}`}),u.displayName=n.displayName),n.revision!==void 0&&(u.revision=n.revision),"status"in n&&n.status!==void 0&&n.status!==s.status){let R=n.status==="INACTIVE";r.push({...h,finding:R?"went-inactive":"status-changed",field:"status",...s.status!==void 0?{from:s.status}:{},to:n.status,message:R?`${p}: went INACTIVE (was ${s.status??"unknown"}); relationships under it cannot be created`:`${p}: ${s.status??"unknown"} → ${n.status}`}),u.status=n.status}JSON.stringify(u)!==JSON.stringify(s)&&(w(t,a.name,u),l=!0)}let i=r.map(a=>a.message);return l?{state:{...d,resources:{...t}},changed:!0,lines:i,findings:r}:{state:d,changed:!1,lines:i,findings:r}}function N(d){return Object.entries(d.resources??{}).filter(([,e])=>e.kind==="Relationship"&&e.spec.kind==="Relationship"&&e.spec.requestedSupportPlan).map(([e])=>({name:e,field:"requestedSupportPlan",message:`${e}: requestedSupportPlan as sent; AWS does not return it`}))}async function K(d,e){let r=[];for(let[l,t]of Object.entries(e.resources??{})){let i=t.spec,a=i.kind==="ProgramManagementAccount"?await d.listAllProgramManagementAccounts({catalog:i.catalog,accountIds:[i.accountId]}):await d.listAllRelationships({catalog:i.catalog,associatedAccountIds:[i.associatedAccountId],...t.programManagementAccountId?{programManagementAccountIdentifiers:[t.programManagementAccountId]}:{}});r.push({name:l,found:a.find(s=>s.id===t.id)})}return H(e,r)}var B=`Usage: handshakes refresh [--dir handshakes] [--state FILE] [--endpoint URL] [--detailed-exitcode]
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
${k}
  -h, --help           Show this help
`;async function ue(d,e){let{values:r}=X({args:d,options:{...I,...P,"detailed-exitcode":{type:"boolean"},format:{type:"string"}},strict:!0});if(j(r,B,e))return S;let l=_(r.format,["text","json"],"text"),t=M(e,r);return U(t.statePath,L(e,t,"handshakes refresh"),async()=>{let{state:i,readSerial:a}=await T(e,t),p=(await F(e,t).catch(()=>{}))?.declarations.map(m=>m.spec.catalog)??[],h=E(r),n=await W({endpoint:r.endpoint,env:e.env,...h});try{let m=await J(n.client,i,p,e.now()).catch(c=>{throw c instanceof O?new O(`refresh did not finish within --timeout ${r.timeout}: ${c.message} Nothing was written: ${t.stateLabel} is unchanged.`,!1):c}),g=i.resources?await K(n.client,m.state):void 0,o=g?.changed?{...m,state:g.state,changed:!0}:m;o.changed&&await C(e,t,a)(o.state);let u=A(o.report)||(g?.lines.length??0)>0;if(l==="json")e.stdout.write(v({formatVersion:q,command:"refresh",directory:t.directoryLabel,state:{file:t.stateLabel,written:o.changed,serial:o.changed?o.state.serial:a??null},result:{drift:u,report:o.report,resources:g?.findings??[],unreadable:N(o.state)}}));else{let c=[...x(o.report),...g?.lines??[]];e.stdout.write(c.length>0?`Drift:
${c.map(f=>`  ${y(f)}`).join(`
`)}
`:`No drift: AWS matches the recorded state.
`);let R=$(o.report);R.length>0&&e.stdout.write(`Managed elsewhere (not drift: another repository's owner tag):
${R.map(f=>`  ${y(f)}`).join(`
`)}
`);let b=N(o.state).map(f=>f.message);b.length>0&&e.stdout.write(`Not readable back:
${b.map(f=>`  ${y(f)}`).join(`
`)}
`),e.stdout.write(o.changed?`State written: ${t.stateLabel} (serial ${o.state.serial}).
`:`State unchanged: ${t.stateLabel}${a===void 0?" (no file was written)":""}.
`)}return r["detailed-exitcode"]&&u?(e.stderr.write(`Exit code 2 (--detailed-exitcode): AWS differs from the recorded state, not an error.
`),D):S}finally{n.close()}})}export{B as REFRESH_HELP,ue as refreshCommand};
