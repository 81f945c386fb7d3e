#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a as M,b as v,c as Y,d as B}from"./chunk-WGDUJOUP.js";import{c as q,f as H,i as K,l as X,m as z,n as G,q as Q}from"./chunk-LJAOZLDD.js";import{a as W}from"./chunk-JCSTEHMA.js";import{a as J,b as V}from"./chunk-4PCR5X32.js";import{a as C,b as $,c as L,d as _,e as k,f,g as u,i as E,j as x,k as I,l as j,n as D,o as F}from"./chunk-4I76OTML.js";import{H as P,I as T,d as y,ha as b,ja as g,n as S,za as A}from"./chunk-SF5IYRTE.js";import{a as U}from"./chunk-O3WODXZ2.js";import{a as h}from"./chunk-PZUKGBQ6.js";import{a as c}from"./chunk-J7F6GYH2.js";import{f as N}from"./chunk-FSKI434Q.js";import{readFile as rt}from"node:fs/promises";import{resolve as ot}from"node:path";import{parseArgs as nt}from"node:util";var st=`Usage: handshakes apply [--dir handshakes] [--state FILE] [--endpoint URL] [--plan plan.json]
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
${L}
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
`;async function it(t,e,a){let r;try{r=JSON.parse(await rt(ot(a.cwd,t),"utf8"))}catch(o){throw new c(`cannot read the pinned plan ${t}: ${o.message}. Write it with "handshakes plan --out ${t}".`)}if(r.digest!==e.digest)throw new c(`the plan changed since ${t} was written, so nothing was applied.
  pinned: ${r.digest} — ${r.summary?g(r.summary):"no summary"}
  now:    ${e.digest} — ${g(e.summary)}
The declarations or the recorded state moved. Review the new plan and pin it again.`)}async function pt(t,e){let a=E(t,e),r=await D(t,a,"Nothing applied");if(!r)return;let{state:o,readSerial:s}=await I(t,a),p=P(r,o),i=T(p);if(i.length>0){t.stderr.write(`${S(i)}
Nothing applied: fix the ${i.length} error(s) above first.
`);return}return{options:a,plan:p,state:o,readSerial:s,validated:r}}async function lt(t,e,a,r={},o="text"){let{plan:s,state:p,options:i}=t,l=o==="json"?a.stderr:a.stdout;l.write(`Applying ${s.changes.length} change${s.changes.length===1?"":"s"}…
`);let R=j(a,i,t.readSerial),w=await G(s,p,{api:e,persist:R,now:()=>a.now(),appliedBy:W(a.env),onResult:m=>l.write(`  ${H(m)}
`)}),d=t.validated?Q(t.validated,s,w):void 0,n=w;d&&JSON.stringify(d.before)!==JSON.stringify(d.after)&&(n={...w,state:{...d.state,serial:d.state.serial+1}},await R(n.state));let{failed:tt,heldBack:et}=n,at=n.state.serial===p.serial?`Nothing recorded: ${i.stateLabel} unchanged.`:`State written to ${i.stateLabel} (serial ${n.state.serial}).`;l.write(`
${J(n,{icon:!1})}. ${at}
`);for(let m of s.waits??[])l.write(`Waiting: ${y(b(m))}.
`);if(d)for(let m of X(q(d),{confirmedHere:!0}))l.write(`${y(m)}
`);return n.timedOut.length>0&&r.deadline?l.write(K(n.results,`--timeout ${N(r.deadline.budgetMs)}`)):(tt.length>0||et.length>0)&&l.write(`${V(n,"cli")}
`),o==="json"&&a.stdout.write(Z(t,n)),n}function Z(t,e){let a=e.state.serial!==t.state.serial;return B({formatVersion:v,command:"apply",directory:t.options.directoryLabel,state:{file:t.options.stateLabel,written:a,serial:a?e.state.serial:t.readSerial??null},result:Y(e)})}function O(t,e,a){if(t===void 0)return a;let r=Number(t);if(!Number.isFinite(r)||r<=0)throw new c(`--${e} takes a number of requests per second above 0, not "${t}".`);return r}async function jt(t,e){let{values:a}=nt({args:t,options:{...C,...$,plan:{type:"string"},"auto-approve":{type:"boolean"},"rate-mutate":{type:"string"},"rate-list":{type:"string"},"rate-tag":{type:"string"},format:{type:"string"}},strict:!0});if(k(a,st,e))return f;if(F(a.format,["text","json"],"text")==="json"&&!a["auto-approve"])throw new c("--format json is for scripts, which cannot answer the confirmation: pass --auto-approve too (ideally with --plan to pin what was reviewed).");let o=E(e,a);return M(o.statePath,x(e,o,"handshakes apply"),()=>dt(a,e))}async function dt(t,e){let a=await pt(e,t);if(!a)return u;let{plan:r}=a;if(t.plan&&await it(t.plan,r,e),r.changes.length===0)return e.stdout.write(t.format==="json"?Z(a,z(a.state,[])):A(r,{color:e.stdout.isTTY===!0})),f;if(!t["auto-approve"]){if(!e.prompt)throw new c("apply asks for confirmation, but standard input is not a terminal. Review the plan and pass --auto-approve (as a CI job does), ideally with --plan to pin what was reviewed.");if(e.stdout.write(A(r,{color:e.stdout.isTTY===!0})),(await e.prompt(`
Apply these ${r.changes.length} changes to Partner Central? Only "yes" is accepted: `)).trim()!=="yes")return e.stdout.write(`Apply cancelled; nothing was sent.
`),u}let o={mutate:O(t["rate-mutate"],"rate-mutate",h.mutate),list:O(t["rate-list"],"rate-list",h.list),tag:O(t["rate-tag"],"rate-tag",h.tag)},s=_(t),p=await U({endpoint:t.endpoint,env:e.env,rateLimits:o,...s});try{return(await lt(a,p.client,e,s,t.format==="json"?"json":"text")).complete?f:u}finally{p.close()}}export{st as a,pt as b,lt as c,jt as d};
