// Electronegativity audit of the Electron code (part of `npm test`, run by scripts/e2e.mjs).
// Fails when any finding above INFORMATIONAL remains. Checks excluded below were reviewed:
//  - CSPGlobalCheck: the policy is a constant (electron/security-policy.ts) that the static
//    parser cannot follow ("Failed to parse CSP"); its content is asserted by
//    electron/main.test.ts and the e2e tests, which fail on any CSP violation.
//  - PreloadJSCheck: "review the use of preload scripts" — reviewed: electron/preload.ts exposes
//    one frozen object with `request` and `onEvent` only (electron/preload.test.ts).
//  - AvailableSecurityFixesGlobalCheck: compares the Electron version with the list of releases
//    it downloads; offline it cannot run, and the version is pinned in package.json.
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'

const require = createRequire(import.meta.url)
const root = fileURLToPath(new URL('..', import.meta.url))
const electronVersion = require('electron/package.json').version
const run = require('@doyensec/electronegativity').default ?? require('@doyensec/electronegativity')

const log = console.log
console.log = () => undefined // the tool announces translation downloads it cannot make offline
const result = await run({
  input: process.env.AUDIT_INPUT || join(root, 'electron'),
  excludeFromScan: ['cspglobalcheck', 'preloadjscheck', 'availablesecurityfixesglobalcheck'],
  customScan: [],
  severitySet: undefined,
  confidenceSet: undefined,
  isRelative: true,
  isVerbose: false,
  electronVersionOverride: electronVersion,
  parserPlugins: []
})
console.log = log
const findings = (result.issues ?? []).filter((issue) => issue.severity.name !== 'INFORMATIONAL')
if (findings.length > 0) {
  for (const f of findings)
    console.error(
      `audit: ${f.id} (${f.severity.name}) at ${f.file}:${f.location.line}: ${f.description}`
    )
  process.exit(1)
}
console.log(
  `audit: electronegativity found nothing above informational in electron/ (${result.issues?.length ?? 0} informational).`
)
