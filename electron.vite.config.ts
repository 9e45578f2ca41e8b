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
import { precompiledMessages } from './electron/renderer-build/messages'
import { allocatorNames, layoutNames } from './shared/sim'
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

/**
 * Keeps only the WOFF2 file of each bundled font face. Fontsource lists a WOFF fallback beside
 * it, which no browser the app runs in (Electron's Chromium, current browsers) ever fetches,
 * yet each one was built, shipped and spelled out in the stylesheet (~225 faces).
 */
const woff2Only = {
  postcssPlugin: 'memory-lane-woff2-only',
  Declaration: {
    src(declaration: { parent?: { type?: string; name?: string }; value: string }): void {
      if (declaration.parent?.type !== 'atrule' || declaration.parent.name !== 'font-face') return
      const sources = declaration.value.split(/,\s*(?=url\()/)
      const woff2 = sources.filter((source) => /format\(["']woff2["']\)/.test(source))
      if (woff2.length > 0 && woff2.length < sources.length) declaration.value = woff2.join(', ')
    }
  }
}

/**
 * Asks for the lazily loaded chunks the first screen shows (the lesson pane) together with the
 * entry script, instead of only once the entry has run and rendered the shell.
 */
function preloadFirstScreen(modules: string[]): Plugin {
  return {
    name: 'memory-lane-preload-first-screen',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const links: { tag: string; attrs: Record<string, string | boolean>; injectTo: 'head' }[] =
          []
        for (const chunk of Object.values(context.bundle ?? {})) {
          if (chunk.type !== 'chunk' || !modules.some((m) => chunk.facadeModuleId?.endsWith(m)))
            continue
          links.push({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `./${chunk.fileName}` },
            injectTo: 'head'
          })
          for (const css of chunk.viteMetadata?.importedCss ?? [])
            links.push({
              tag: 'link',
              attrs: { rel: 'preload', as: 'style', crossorigin: true, href: `./${css}` },
              injectTo: 'head'
            })
        }
        return links
      }
    }
  }
}

export default defineConfig({
  main: {
    define: {
      // The built-in lesson packs, validated now rather than at every start of the app (see
      // electron/services/lesson-library/precompiled.ts); a pack edited later is validated again.
      __MEMORY_LANE_PRECOMPILED_LESSONS__: JSON.stringify(
        precompilePacks([fromRoot('./lessons')], packageJson.version)
      ),
      // The names app.info offers (electron/server/compose.ts), so the server does not load the
      // simulator's code before it listens only to list them.
      __MEMORY_LANE_SIMULATOR_NAMES__: JSON.stringify({
        allocators: allocatorNames().map((a) => a.name),
        layouts: layoutNames().map((l) => l.name)
      })
    },
    build: {
      outDir: 'out/main',
      // One file per entry with its npm dependencies inside: Node then skips resolving and
      // wrapping hundreds of CommonJS modules at start-up (the browser edition listens sooner).
      externalizeDeps: false,
      rollupOptions: {
        // Except fflate, whose Node build declares its own top-level `require`, which clashes
        // with the one the bundler adds to the lazily loaded lesson-library chunk.
        external: ['fflate'],
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
    css: { postcss: { plugins: [woff2Only] } },
    plugins: [
      // Every component is a <script setup>: Vue's Options API support is left out of the page.
      vue({ features: { optionsAPI: false } }),
      contentSecurityPolicy(),
      precompiledMessages(fromRoot('./renderer/src/locales')),
      preloadFirstScreen(['/renderer/src/components/lesson/LessonPane.vue'])
    ],
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
