/// <reference lib="dom" />
/**
 * Runs axe-core (from node_modules, injected into the page) and returns its results. The page
 * must come from a context with `bypassCSP`, since the app's CSP rightly forbids injected scripts.
 */
import type { Page } from '@playwright/test'
import { createRequire } from 'node:module'
import type { AxeResults } from 'axe-core'

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

export default class AxeBuilder {
  constructor(private readonly page: Page) {}

  async analyze(): Promise<AxeResults> {
    await this.page.addScriptTag({ path: axePath })
    return this.page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: { run(context: Document, options: object): Promise<AxeResults> }
        }
      ).axe
      return axe.run(document, { resultTypes: ['violations'] })
    })
  }
}
