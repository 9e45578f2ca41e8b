/**
 * The Content-Security-Policy of the app's page, in both editions. No remote origin appears:
 * scripts, styles, fonts and images come only from the app itself, and the page may talk only
 * to its own origin (the browser edition's WebSocket on 127.0.0.1 is same-origin).
 * Scripts: 'self' only — no 'unsafe-eval', no 'unsafe-inline'.
 * Styles also allow 'unsafe-inline' because the code editor (CodeMirror) installs its theme as
 * <style> elements at run time; styles cannot run code, so this does not weaken script policy.
 */
const DIRECTIVES = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'"
]

/** Sent as a response header (Electron's protocol handler, the browser edition's server). */
export const CONTENT_SECURITY_POLICY = [...DIRECTIVES, "frame-ancestors 'none'"].join('; ')

/** Put in the page's <meta> tag (browsers ignore frame-ancestors there, so it is left out). */
export const META_CONTENT_SECURITY_POLICY = DIRECTIVES.join('; ')
