#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import{f as p,g as s}from"./chunks/chunk-2YRYEN2O.js";import{a as l,d as i,h as c}from"./chunks/chunk-7SLWZ7ZW.js";import"./chunks/chunk-2GUZBN6T.js";import{a as m}from"./chunks/chunk-J7F6GYH2.js";import"./chunks/chunk-FSKI434Q.js";import"./chunks/chunk-7FOV43YR.js";import{createInterface as P}from"node:readline/promises";var h=`handshakes — GitOps for AWS Partner Central channel handshakes

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

Run "handshakes <command> --help" for the options of a command.
`,u={validate:async()=>{let e=await import("./chunks/validate-MWQOS5LE.js");return{handler:e.validateCommand,help:e.VALIDATE_HELP}},plan:async()=>{let e=await import("./chunks/plan-LIQN5HFN.js");return{handler:e.planCommand,help:e.PLAN_HELP}},apply:async()=>{let e=await import("./chunks/apply-LPGCP7XB.js");return{handler:e.applyCommand,help:e.APPLY_HELP}},refresh:async()=>{let e=await import("./chunks/refresh-DZVNDNT6.js");return{handler:e.refreshCommand,help:e.REFRESH_HELP}},import:async()=>{let e=await import("./chunks/import-V5NVC7KL.js");return{handler:e.importCommand,help:e.IMPORT_HELP}},simulate:async()=>{let e=await import("./chunks/simulate-DIVS3BUU.js");return{handler:e.simulateCommand,help:e.SIMULATE_HELP}},demo:async()=>{let e=await import("./chunks/demo-WKPAA47U.js");return{handler:e.demoCommand,help:e.DEMO_HELP}}};async function f(e){return e!==void 0&&Object.hasOwn(u,e)?u[e]?.():void 0}function y(e){let{stdout:a,stderr:t}=e,n=l(e.env);return{...e,stdout:{write:o=>a.write(i(n(o))),writeCommands:o=>a.write(n(o)),isTTY:a.isTTY},stderr:{write:o=>t.write(i(n(o)))}}}async function w(e,a){let t=y(a),[n,...o]=e;if(n===void 0||n==="--help"||n==="-h"||n==="help"){let r=n==="help"?o[0]:void 0;return t.stdout.write((await f(r))?.help??h),n===void 0?s:p}let d=await f(n);if(!d)return t.stderr.write(`handshakes: unknown command "${n}".

${h}`),s;let{handler:E,help:g}=d;try{return await E(o,t)}catch(r){if(r instanceof m)return t.stderr.write(`handshakes ${n}: ${r.message}
`),r.diagnostics.length>0&&t.stderr.write(`${c(r.diagnostics)}
`),s;if(r instanceof TypeError&&"code"in r&&String(r.code).startsWith("ERR_PARSE_ARGS"))return t.stderr.write(`handshakes ${n}: ${r.message}

${g}`),s;let C=r instanceof Error?r.stack??r.message:String(r);return t.stderr.write(`handshakes ${n}: internal error — this is a bug in channel-handshakes, please report it.
${C}
`),s}}w(process.argv.slice(2),{cwd:process.cwd(),env:process.env,stdout:process.stdout,stderr:process.stderr,now:()=>new Date,prompt:process.stdin.isTTY?async e=>{let a=P({input:process.stdin,output:process.stdout});try{return await a.question(e)}finally{a.close()}}:void 0,interrupted:()=>new Promise(e=>{process.once("SIGINT",()=>e()),process.once("SIGTERM",()=>e())})}).then(e=>{process.exitCode=e});
