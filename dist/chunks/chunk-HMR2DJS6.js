#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
function t(e){return`${JSON.stringify(e,null,2)}
`}export{t as a};
