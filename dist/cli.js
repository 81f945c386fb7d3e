#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{a as m}from"./chunks/chunk-Z3DVBSJP.js";import{f as p,g as i}from"./chunks/chunk-RL2SGCHF.js";import{b as c,k as y}from"./chunks/chunk-SSSFBOSL.js";import{a as C,c as w}from"./chunks/chunk-JUXHX5NK.js";import{a as E}from"./chunks/chunk-J7F6GYH2.js";import"./chunks/chunk-FSKI434Q.js";import"./chunks/chunk-7FOV43YR.js";import{createInterface as T}from"node:readline/promises";var _="1.0.0";var g=`handshakes — GitOps for AWS Partner Central channel handshakes

Usage: handshakes <command> [options]

Commands:
  validate   Check the declarations under --dir and report every problem
  plan       Show what apply would do, against the recorded state
  apply      Send the planned changes to Partner Central and record the results
  refresh    Read live statuses from Partner Central into the state and report drift
  import     Adopt existing handshakes: write declarations and state entries
  simulate   Run a local Partner Central Channel simulator (no AWS account needed)
  demo       validate → plan → apply → plan against an in-process simulator (npm start)
  help       Show help for a command (handshakes help plan)

Options:
  -V, --version   Print the version and exit

Run "handshakes <command> --help" for the options of a command.

Every command also takes --no-color: plain text even on a terminal. Colour is used only on a
terminal, and never when the NO_COLOR environment variable is set to anything but "" (no-color.org).
`,P={validate:async()=>{let e=await import("./chunks/validate-WJRDKGHS.js");return{handler:e.validateCommand,help:e.VALIDATE_HELP}},plan:async()=>{let e=await import("./chunks/plan-WUJKU36T.js");return{handler:e.planCommand,help:e.PLAN_HELP}},apply:async()=>{let e=await import("./chunks/apply-QOP2SM5U.js");return{handler:e.applyCommand,help:e.APPLY_HELP}},refresh:async()=>{let e=await import("./chunks/refresh-VA4GCCR2.js");return{handler:e.refreshCommand,help:e.REFRESH_HELP}},import:async()=>{let e=await import("./chunks/import-FO27D72H.js");return{handler:e.importCommand,help:e.IMPORT_HELP}},simulate:async()=>{let e=await import("./chunks/simulate-FDKQKY3X.js");return{handler:e.simulateCommand,help:e.SIMULATE_HELP}},demo:async()=>{let e=await import("./chunks/demo-SOOU534D.js");return{handler:e.demoCommand,help:e.DEMO_HELP}}};async function O(e){return e!==void 0&&Object.hasOwn(P,e)?P[e]?.():void 0}function L(e,o,s){let{stdout:a,stderr:l}=e,d=C(e.env),r=o[0]==="simulate"||o[0]==="help"&&o[1]==="simulate"?w(d,[m.accessKeyId,m.secretAccessKey]):d;return{...e,stdout:{write:n=>a.write(c(r(n))),writeCommands:n=>a.write(r(n)),isTTY:a.isTTY===!0&&!s},stderr:{write:n=>l.write(c(r(n)))}}}async function R(e,o){let s=e.indexOf("--"),a=s===-1?e:e.slice(0,s),l=a.includes("--no-color"),d=l?[...a.filter(t=>t!=="--no-color"),...s===-1?[]:e.slice(s)]:e,h=o.env.NO_COLOR!==void 0&&o.env.NO_COLOR!=="",r=L(o,d,l||h),[n,...u]=d;if(n==="--version"||n==="-V")return r.stdout.write(`${_}
`),p;if(n===void 0||n==="--help"||n==="-h"||n==="help"){let t=n==="help"?u[0]:void 0;return r.stdout.write((await O(t))?.help??g),n===void 0?i:p}let f=await O(n);if(!f)return r.stderr.write(`handshakes: unknown command "${n}".

${g}`),i;let{handler:A,help:v}=f;try{return await A(u,r)}catch(t){if(t instanceof E)return r.stderr.write(`handshakes ${n}: ${t.message}
`),t.diagnostics.length>0&&r.stderr.write(`${y(t.diagnostics)}
`),i;if(t instanceof TypeError&&"code"in t&&String(t.code).startsWith("ERR_PARSE_ARGS"))return r.stderr.write(`handshakes ${n}: ${t.message}

${v}`),i;let S=t instanceof Error?t.stack??t.message:String(t);return r.stderr.write(`handshakes ${n}: internal error — this is a bug in channel-handshakes, please report it.
${S}
`),i}}R(process.argv.slice(2),{cwd:process.cwd(),env:process.env,stdout:process.stdout,stderr:process.stderr,now:()=>new Date,prompt:process.stdin.isTTY?async e=>{let o=T({input:process.stdin,output:process.stdout});try{return await o.question(e)}finally{o.close()}}:void 0,interrupted:()=>new Promise(e=>{process.once("SIGINT",()=>e()),process.once("SIGTERM",()=>e())})}).then(e=>{process.exitCode=e});
