/**
 * Build of the three parts of the app (electron-vite): the main process (plus the simulator
 * worker, a second entry so it can run in its own thread), the sandboxed preload script, and the
 * Vue renderer. The renderer build is also what the browser edition serves.
 */
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import { fileURLToPath } from 'node:url'
import type { Plugin } from 'vite'
import { META_CONTENT_SECURITY_POLICY } from './electron/security-policy'
import { precompilePacks } from './electron/services/lesson-library/precompiled'
import packageJson from './package.json'

const fromRoot = (path: string): string => fileURLToPath(new URL(path, import.meta.url))

/**
 * Puts the Content-Security-Policy into the built page as a meta tag, so it holds in every
 * edition (Electron also sends it as a header). The dev server is left without it, because
 * Vite's hot reload needs inline styles.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'memory-lane-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace(
        '<meta charset="UTF-8" />',
        `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${META_CONTENT_SECURITY_POLICY}" />`
      )
  }
}

export default defineConfig({
  main: {
    define: {
      // The built-in lesson packs, validated now rather than at every start of the app (see
      // electron/services/lesson-library/precompiled.ts); a pack edited later is validated again.
      __MEMORY_LANE_PRECOMPILED_LESSONS__: JSON.stringify(
        precompilePacks([fromRoot('./lessons')], packageJson.version)
      )
    },
    build: {
      outDir: 'out/main',
      // One file per entry with its npm dependencies inside: Node then skips resolving and
      // wrapping hundreds of CommonJS modules at start-up (the browser edition listens sooner).
      externalizeDeps: false,
      rollupOptions: {
        input: {
          index: fromRoot('./electron/main.ts'),
          'simulator-worker': fromRoot('./electron/services/simulator-host/worker.ts'),
          'browser-edition': fromRoot('./electron/server/main.ts')
        }
      }
    }
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: fromRoot('./electron/preload.ts') },
        // A sandboxed preload script cannot be an ES module.
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: fromRoot('./renderer'),
    base: './',
    resolve: { alias: { '@renderer': fromRoot('./renderer/src') } },
    plugins: [vue(), contentSecurityPolicy()],
    build: {
      outDir: fromRoot('./out/renderer'),
      emptyOutDir: true,
      // electron-vite leaves the renderer unminified by default; the browser edition needs it small.
      minify: true,
      // The code editor's chunk (~0.5 MB) is loaded lazily, after the first screen.
      chunkSizeWarningLimit: 600,
      // Everything ships with the app: no CDN, no remote fonts.
      assetsInlineLimit: 0,
      rollupOptions: { input: { index: fromRoot('./renderer/index.html') } }
    }
  }
})
