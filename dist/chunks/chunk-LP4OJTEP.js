#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
var s=class extends Error{constructor(r,t){super(t);this.status=r}status;name="GitHubError";get permissionDenied(){return this.status===403||this.status===401||this.status===404}get unprocessable(){return this.status===422}};function i(e){return e instanceof s&&e.permissionDenied}function o(e){return e instanceof s&&e.unprocessable}export{s as a,i as b,o as c};
