// Renders build/icon.svg to build/icon.png (512×512) with the local Chromium, for electron-builder.
import { chromium } from 'playwright-core'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const svg = readFileSync(fileURLToPath(new URL('../build/icon.svg', import.meta.url)), 'utf8')
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking']
})
const page = await browser.newPage({ viewport: { width: 512, height: 512 } })
await page.setContent(`<style>html,body{margin:0;background:transparent}</style>${svg}`)
await page.locator('svg').screenshot({
  path: fileURLToPath(new URL('../build/icon.png', import.meta.url)),
  omitBackground: true
})
await browser.close()
console.log('build/icon.png written')
