#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a as x,b as U,c as W,d as q}from"./chunk-OWMOJKHC.js";import{a as F,d as M,e as H,f as J}from"./chunk-BJOZUW65.js";import{a as I}from"./chunk-JCSTEHMA.js";import{a as j,b as D}from"./chunk-4PCR5X32.js";import{a as S,b as O,c as P,d as N,e as T,f as c,g as m,i as w,j as C,k as b,l as _,n as k,o as $}from"./chunk-IR3D6XUL.js";import{X as f,la as h,m as g,v as E,w as R}from"./chunk-JSTSTIC7.js";import{a as L}from"./chunk-O3WODXZ2.js";import{a as u}from"./chunk-PZUKGBQ6.js";import{a as l}from"./chunk-J7F6GYH2.js";import{f as A}from"./chunk-FSKI434Q.js";import{readFile as X}from"node:fs/promises";import{resolve as z}from"node:path";import{parseArgs as G}from"node:util";var Q=`Usage: handshakes apply [--dir handshakes] [--state FILE] [--endpoint URL] [--plan plan.json]
                        [--auto-approve] [--format text|json]

Plans, then sends the changes to Partner Central: creates, cancels, revokes and retags, with
deterministic clientTokens so that a retry, crash or re-run never sends a handshake twice.
Each success is written to the state file at once; failures are reported per change and the
rest continue.

Options:
  --dir DIR        Directory of declarations (default: handshakes)
  --state FILE     Recorded state (default: DIR/state.json)
  --max-bytes N    Read at most N bytes of declaration files in all (default: 64 MB)
  --endpoint URL   API endpoint (default: AWS_ENDPOINT_URL_PARTNERCENTRAL_CHANNEL, AWS_ENDPOINT_URL,
                   or https://partnercentral-channel.global.api.aws)
  --plan FILE      A JSON plan from "plan --out"; refuse to apply if a fresh plan differs
  --auto-approve   Do not ask for confirmation (needed when standard input is not a terminal)
  --format FORMAT  text (default) or json: one document on standard output
                   (schemas/command-result.schema.json), progress on standard error; needs --auto-approve
  --rate-mutate N  Create/Cancel requests per second (default 3, the documented per-account quota)
  --rate-list N    ListChannelHandshakes requests per second (default 5, the documented quota)
  --rate-tag N     TagResource/UntagResource requests per second (default 5; AWS documents no quota)
${P}
  -h, --help       Show this help

One writer at a time: apply holds FILE.lock next to the state file while it runs (a second
apply, refresh or import waits for it), and stops before a write if another process changed
the state file meanwhile.

Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, else the standard
AWS chain (profiles, SSO, web identity, container and instance metadata).
Before sending, apply lists the handshakes it is about to touch: a change AWS already made moot
is skipped ("already …"), and one that would now need a different action (a cancel of a handshake
the receiver just accepted) is held back until a new plan is reviewed.
Exit code: 0 when every change succeeded or was already done, 1 otherwise.
`;async function Z(t,e,a){let r;try{r=JSON.parse(await X(z(a.cwd,t),"utf8"))}catch(n){throw new l(`cannot read the pinned plan ${t}: ${n.message}. Write it with "handshakes plan --out ${t}".`)}if(r.digest!==e.digest)throw new l(`the plan changed since ${t} was written, so nothing was applied.
  pinned: ${r.digest} — ${r.summary?f(r.summary):"no summary"}
  now:    ${e.digest} — ${f(e.summary)}
The declarations or the recorded state moved. Review the new plan and pin it again.`)}async function tt(t,e){let a=w(t,e),r=await k(t,a,"Nothing applied");if(!r)return;let{state:n,readSerial:i}=await b(t,a),p=E(r,n),o=R(p);if(o.length>0){t.stderr.write(`${g(o)}
Nothing applied: fix the ${o.length} error(s) above first.
`);return}return{options:a,plan:p,state:n,readSerial:i}}async function et(t,e,a,r={},n="text"){let{plan:i,state:p,options:o}=t,d=n==="json"?a.stderr:a.stdout;d.write(`Applying ${i.changes.length} change${i.changes.length===1?"":"s"}…
`);let s=await J(i,p,{api:e,persist:_(a,o,t.readSerial),now:()=>a.now(),appliedBy:I(a.env),onResult:v=>d.write(`  ${F(v)}
`)}),{failed:Y,heldBack:B}=s,K=s.state.serial===p.serial?`Nothing recorded: ${o.stateLabel} unchanged.`:`State written to ${o.stateLabel} (serial ${s.state.serial}).`;return d.write(`
${j(s,{icon:!1})}. ${K}
`),s.timedOut.length>0&&r.deadline?d.write(M(s.results,`--timeout ${A(r.deadline.budgetMs)}`)):(Y.length>0||B.length>0)&&d.write(`${D(s,"cli")}
`),n==="json"&&a.stdout.write(V(t,s)),s}function V(t,e){let a=e.state.serial!==t.state.serial;return q({formatVersion:U,command:"apply",directory:t.options.directoryLabel,state:{file:t.options.stateLabel,written:a,serial:a?e.state.serial:t.readSerial??null},result:W(e)})}function y(t,e,a){if(t===void 0)return a;let r=Number(t);if(!Number.isFinite(r)||r<=0)throw new l(`--${e} takes a number of requests per second above 0, not "${t}".`);return r}async function St(t,e){let{values:a}=G({args:t,options:{...S,...O,plan:{type:"string"},"auto-approve":{type:"boolean"},"rate-mutate":{type:"string"},"rate-list":{type:"string"},"rate-tag":{type:"string"},format:{type:"string"}},strict:!0});if(T(a,Q,e))return c;if($(a.format,["text","json"],"text")==="json"&&!a["auto-approve"])throw new l("--format json is for scripts, which cannot answer the confirmation: pass --auto-approve too (ideally with --plan to pin what was reviewed).");let n=w(e,a);return x(n.statePath,C(e,n,"handshakes apply"),()=>at(a,e))}async function at(t,e){let a=await tt(e,t);if(!a)return m;let{plan:r}=a;if(t.plan&&await Z(t.plan,r,e),r.changes.length===0)return e.stdout.write(t.format==="json"?V(a,H(a.state,[])):h(r,{color:e.stdout.isTTY===!0})),c;if(!t["auto-approve"]){if(!e.prompt)throw new l("apply asks for confirmation, but standard input is not a terminal. Review the plan and pass --auto-approve (as a CI job does), ideally with --plan to pin what was reviewed.");if(e.stdout.write(h(r,{color:e.stdout.isTTY===!0})),(await e.prompt(`
Apply these ${r.changes.length} changes to Partner Central? Only "yes" is accepted: `)).trim()!=="yes")return e.stdout.write(`Apply cancelled; nothing was sent.
`),m}let n={mutate:y(t["rate-mutate"],"rate-mutate",u.mutate),list:y(t["rate-list"],"rate-list",u.list),tag:y(t["rate-tag"],"rate-tag",u.tag)},i=N(t),p=await L({endpoint:t.endpoint,env:e.env,rateLimits:n,...i});try{return(await et(a,p.client,e,i,t.format==="json"?"json":"text")).complete?c:m}finally{p.close()}}export{Q as a,tt as b,et as c,St as d};
