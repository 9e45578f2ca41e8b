import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import { fileURLToPath } from 'node:url'

export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: { '@renderer': fileURLToPath(new URL('./renderer/src', import.meta.url)) }
  },
  test: {
    include: ['{shared,electron,renderer,lessons,bench}/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000
  }
})
