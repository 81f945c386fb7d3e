#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a as V,b as K,c as X,d as z}from"./chunk-WGDUJOUP.js";import{c as O,f as B,i as G,l as R,m as N,n as Q,q as P}from"./chunk-RCOM5UMJ.js";import{a as M}from"./chunk-JCSTEHMA.js";import{a as v,b as Y}from"./chunk-4PCR5X32.js";import{a as x,b as I,c as j,d as D,e as W,f as u,g as h,i as E,j as F,k as J,l as S,n as U,o as q}from"./chunk-RL2SGCHF.js";import{U as k,W as g,a as m,ja as A,k as b,r as L,s as _}from"./chunk-SSSFBOSL.js";import{a as H}from"./chunk-366NE5VP.js";import{a as w}from"./chunk-PZUKGBQ6.js";import{a as c}from"./chunk-J7F6GYH2.js";import{f as $}from"./chunk-FSKI434Q.js";import{readFile as rt}from"node:fs/promises";import{resolve as ot}from"node:path";import{parseArgs as nt}from"node:util";var st=`Usage: handshakes apply [--dir handshakes] [--state FILE] [--endpoint URL] [--plan plan.json]
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
${j}
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
`;async function it(t,a,e){let r;try{r=JSON.parse(await rt(ot(e.cwd,t),"utf8"))}catch(o){throw new c(`cannot read the pinned plan ${t}: ${o.message}. Write it with "handshakes plan --out ${t}".`)}if(r.digest!==a.digest)throw new c(`the plan changed since ${t} was written, so nothing was applied.
  pinned: ${r.digest} — ${r.summary?g(r.summary):"no summary"}
  now:    ${a.digest} — ${g(a.summary)}
The declarations or the recorded state moved. Review the new plan and pin it again.`)}async function pt(t,a){let e=E(t,a),r=await U(t,e,"Nothing applied");if(!r)return;let{state:o,readSerial:i}=await J(t,e),p=L(r,o),n=_(p);if(n.length>0){t.stderr.write(`${b(n)}
Nothing applied: fix the ${n.length} error(s) above first.
`);return}return{options:e,plan:p,state:o,readSerial:i,validated:r}}async function lt(t,a,e,r={},o="text"){let{plan:i,state:p,options:n}=t,l=o==="json"?e.stderr:e.stdout;l.write(`Applying ${i.changes.length} change${i.changes.length===1?"":"s"}…
`);let C=S(e,n,t.readSerial),y=await Q(i,p,{api:a,persist:C,now:()=>e.now(),appliedBy:M(e.env),onResult:f=>l.write(`  ${B(f)}
`)}),d=t.validated?P(t.validated,i,y):void 0,s=y;d&&JSON.stringify(d.before)!==JSON.stringify(d.after)&&(s={...y,state:{...d.state,serial:d.state.serial+1}},await C(s.state));let{failed:tt,heldBack:et}=s,at=s.state.serial===p.serial?`Nothing recorded: ${n.stateLabel} unchanged.`:`State written to ${n.stateLabel} (serial ${s.state.serial}).`;l.write(`
${v(s,{icon:!1})}. ${at}
`);for(let f of i.waits??[])l.write(`Waiting: ${m(k(f))}.
`);if(d)for(let f of R(O(d),{confirmedHere:!0}))l.write(`${m(f)}
`);return s.timedOut.length>0&&r.deadline?l.write(G(s.results,`--timeout ${$(r.deadline.budgetMs)}`)):(tt.length>0||et.length>0)&&l.write(`${Y(s,"cli")}
`),o==="json"&&e.stdout.write(Z(t,s)),s}function Z(t,a){let e=a.state.serial!==t.state.serial;return z({formatVersion:K,command:"apply",directory:t.options.directoryLabel,state:{file:t.options.stateLabel,written:e,serial:e?a.state.serial:t.readSerial??null},result:X(a)})}function T(t,a,e){if(t===void 0)return e;let r=Number(t);if(!Number.isFinite(r)||r<=0)throw new c(`--${a} takes a number of requests per second above 0, not "${t}".`);return r}async function Dt(t,a){let{values:e}=nt({args:t,options:{...x,...I,plan:{type:"string"},"auto-approve":{type:"boolean"},"rate-mutate":{type:"string"},"rate-list":{type:"string"},"rate-tag":{type:"string"},format:{type:"string"}},strict:!0});if(W(e,st,a))return u;if(q(e.format,["text","json"],"text")==="json"&&!e["auto-approve"])throw new c("--format json is for scripts, which cannot answer the confirmation: pass --auto-approve too (ideally with --plan to pin what was reviewed).");let o=E(a,e);return V(o.statePath,F(a,o,"handshakes apply"),()=>ct(e,a))}async function dt(t,a){let e=t.validated?P(t.validated,t.plan,N(t.state,[])):void 0;if(!e||JSON.stringify(e.before)===JSON.stringify(e.after))return t.state;let r={...e.state,serial:e.state.serial+1};await S(a,t.options,t.readSerial)(r);for(let o of R(O(e),{confirmedHere:!0}))a.stderr.write(`${m(o)}
`);return r}async function ct(t,a){let e=await pt(a,t);if(!e)return h;let{plan:r}=e;if(t.plan&&await it(t.plan,r,a),r.changes.length===0){let n=await dt(e,a);return a.stdout.write(t.format==="json"?Z(e,N(n,[])):A(r,{color:a.stdout.isTTY===!0})),u}if(!t["auto-approve"]){if(!a.prompt)throw new c("apply asks for confirmation, but standard input is not a terminal. Review the plan and pass --auto-approve (as a CI job does), ideally with --plan to pin what was reviewed.");if(a.stdout.write(A(r,{color:a.stdout.isTTY===!0})),(await a.prompt(`
Apply these ${r.changes.length} changes to Partner Central? Only "yes" is accepted: `)).trim()!=="yes")return a.stdout.write(`Apply cancelled; nothing was sent.
`),h}let o={mutate:T(t["rate-mutate"],"rate-mutate",w.mutate),list:T(t["rate-list"],"rate-list",w.list),tag:T(t["rate-tag"],"rate-tag",w.tag)},i=D(t),p=await H({endpoint:t.endpoint,env:a.env,rateLimits:o,...i});try{return(await lt(e,p.client,a,i,t.format==="json"?"json":"text")).complete?u:h}finally{p.close()}}export{st as a,pt as b,lt as c,Dt as d};
