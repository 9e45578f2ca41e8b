/**
 * The Content-Security-Policy of the app's page, in both editions. No remote origin appears:
 * scripts, styles, fonts and images come only from the app itself, and the page may talk only
 * to its own origin (the browser edition's WebSocket on 127.0.0.1 is same-origin).
 * No 'unsafe-eval' and no 'unsafe-inline' for scripts.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'"
].join('; ')
