/** Serves renderer/gallery.html on its own (development only; never part of the app build). */
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { fileURLToPath } from 'node:url'

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  plugins: [vue()],
  resolve: {
    alias: { '@renderer': fileURLToPath(new URL('..', import.meta.url)) }
  },
  server: { host: '127.0.0.1', port: 5178, strictPort: false },
  logLevel: 'warn'
})
