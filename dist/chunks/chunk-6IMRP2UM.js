#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a as D}from"./chunk-NZDD47X6.js";import{a as k,c as x,f as F,g as U}from"./chunk-KJ4RQHCD.js";import{g as L}from"./chunk-LUFMOPAD.js";import{a as O,b as S,c as R,d as T,e as C,f as d,g as c,i as y,j as N,k as $,l as b,n as _}from"./chunk-LZ2KGUZR.js";import{O as h,ea as f,h as g,q as A,r as P}from"./chunk-XVLKXUXD.js";import{a as I}from"./chunk-CEA6RKRX.js";import{i as u}from"./chunk-W4WLSUIK.js";import{a as l}from"./chunk-J7F6GYH2.js";import{f as E}from"./chunk-FSKI434Q.js";import{readFile as q}from"node:fs/promises";import{resolve as H}from"node:path";import{parseArgs as Y}from"node:util";var M=`Usage: handshakes apply [--dir handshakes] [--state FILE] [--endpoint URL] [--plan plan.json]
                        [--auto-approve]

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
  --rate-mutate N  Create/Cancel requests per second (default 3, the documented per-account quota)
  --rate-list N    ListChannelHandshakes requests per second (default 5, the documented quota)
${R}
  -h, --help       Show this help

One writer at a time: apply holds FILE.lock next to the state file while it runs (a second
apply, refresh or import waits for it), and stops before a write if another process changed
the state file meanwhile.

Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, else the standard
AWS chain (profiles, SSO, web identity, container and instance metadata).
Exit code: 0 when every change succeeded, 1 otherwise.
`;async function j(t,e,a){let r;try{r=JSON.parse(await q(H(a.cwd,t),"utf8"))}catch(s){throw new l(`cannot read the pinned plan ${t}: ${s.message}. Write it with "handshakes plan --out ${t}".`)}if(r.digest!==e.digest)throw new l(`the plan changed since ${t} was written, so nothing was applied.
  pinned: ${r.digest} — ${r.summary?h(r.summary):"no summary"}
  now:    ${e.digest} — ${h(e.summary)}
The declarations or the recorded state moved. Review the new plan and pin it again.`)}async function K(t,e){let a=y(t,e),r=await _(t,a,"Nothing applied");if(!r)return;let{state:s,readSerial:o}=await $(t,a),i=A(r,s),n=P(i);if(n.length>0){t.stderr.write(`${g(n)}
Nothing applied: fix the ${n.length} error(s) above first.
`);return}return{options:a,plan:i,state:s,readSerial:o}}async function V(t,e,a,r={}){let{plan:s,state:o,options:i}=t;a.stdout.write(`Applying ${s.changes.length} change${s.changes.length===1?"":"s"}…
`);let n=await k(s,o,{api:e,persist:b(a,i,t.readSerial),now:()=>a.now(),appliedBy:L(a.env),onResult:m=>a.stdout.write(`  ${x(m)}
`)}),p=n.results.filter(m=>m.outcome==="failed"),W=n.results.length-p.length;return a.stdout.write(`
Apply ${p.length===0?"complete":"incomplete"}: ${W} succeeded, ${p.length} failed. State written to ${i.stateLabel} (serial ${n.state.serial}).
`),F(n.results).length>0&&r.deadline?a.stdout.write(U(n.results,`--timeout ${E(r.deadline.budgetMs)}`)):p.length>0&&a.stdout.write(`Every success is recorded. Fix the failures and run apply again: it resumes without sending anything twice.
`),n}function w(t,e,a){if(t===void 0)return a;let r=Number(t);if(!Number.isFinite(r)||r<=0)throw new l(`--${e} takes a number of requests per second above 0, not "${t}".`);return r}async function ct(t,e){let{values:a}=Y({args:t,options:{...O,...S,plan:{type:"string"},"auto-approve":{type:"boolean"},"rate-mutate":{type:"string"},"rate-list":{type:"string"}},strict:!0});if(C(a,M,e))return d;let r=y(e,a);return D(r.statePath,N(e,r,"handshakes apply"),()=>B(a,e))}async function B(t,e){let a=await K(e,t);if(!a)return c;let{plan:r}=a;if(t.plan&&await j(t.plan,r,e),r.changes.length===0)return e.stdout.write(f(r,{color:e.stdout.isTTY===!0})),d;if(!t["auto-approve"]){if(!e.prompt)throw new l("apply asks for confirmation, but standard input is not a terminal. Review the plan and pass --auto-approve (as a CI job does), ideally with --plan to pin what was reviewed.");if(e.stdout.write(f(r,{color:e.stdout.isTTY===!0})),(await e.prompt(`
Apply these ${r.changes.length} changes to Partner Central? Only "yes" is accepted: `)).trim()!=="yes")return e.stdout.write(`Apply cancelled; nothing was sent.
`),c}let s={mutate:w(t["rate-mutate"],"rate-mutate",u.mutate),list:w(t["rate-list"],"rate-list",u.list),tag:w(t["rate-list"],"rate-list",u.tag)},o=T(t),i=await I({endpoint:t.endpoint,env:e.env,rateLimits:s,...o});try{return(await V(a,i.client,e,o)).results.every(p=>p.outcome==="succeeded")?d:c}finally{i.close()}}export{M as a,K as b,V as c,ct as d};
