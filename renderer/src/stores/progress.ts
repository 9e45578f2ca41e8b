/**
 * Learner profiles and the learner's progress as the main side stores it: who is learning,
 * switching between learners, exporting and importing progress. Everything is kept by the
 * progress store on the main side; this store mirrors what the lesson pane shows.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Profile, ProgressExport } from '../../../shared/api'
import { ApiRequestError, useApi } from '../api/client'

/** Avatar colours offered when creating a profile (distinct in light and dark themes). */
export const AVATAR_COLOURS = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#ff7f0e',
  '#17becf'
] as const

export const useProgressStore = defineStore('progress', () => {
  const profiles = ref<Profile[]>([])
  const activeId = ref<string | null>(null)
  const loaded = ref(false)
  /** A sentence from the main side the learner should read once (e.g. a restored file). */
  const notice = ref<string | null>(null)
  const error = ref<string | null>(null)
  /** Bumped whenever the active learner changes, so lesson views reload their progress. */
  const generation = ref(0)

  const active = computed(() => profiles.value.find((p) => p.id === activeId.value) ?? null)

  function fail(e: unknown): void {
    error.value = e instanceof ApiRequestError || e instanceof Error ? e.message : String(e)
  }

  async function load(): Promise<void> {
    try {
      const list = await useApi().request('profiles.list', {})
      profiles.value = list.profiles
      activeId.value = list.activeId
      loaded.value = true
    } catch (e) {
      fail(e)
    }
  }

  /** Hear the main side's one-time notices (a progress file restored from its last good copy). */
  function listen(): void {
    useApi().on('notice', (event) => {
      notice.value = event.message
    })
  }

  async function create(name: string, colour?: string): Promise<void> {
    try {
      const profile = await useApi().request('profiles.create', {
        name,
        ...(colour ? { colour } : {})
      })
      profiles.value = [...profiles.value, profile]
      activeId.value = profile.id
      generation.value++
    } catch (e) {
      fail(e)
    }
  }

  async function switchTo(profileId: string): Promise<void> {
    if (profileId === activeId.value) return
    try {
      const list = await useApi().request('profiles.switch', { profileId })
      profiles.value = list.profiles
      activeId.value = list.activeId
      generation.value++
    } catch (e) {
      fail(e)
    }
  }

  /** Asks the main side for an export and hands it to the browser as a download. */
  async function exportProgress(
    format: 'json' | 'csv' | 'html',
    language?: 'en' | 'zh-CN'
  ): Promise<ProgressExport | null> {
    try {
      const exported = await useApi().request('progress.export', {
        format,
        ...(language ? { language } : {})
      })
      const blob = new Blob([exported.content], { type: exported.mimeType })
      const url = URL.createObjectURL(blob)
      const link = document.createElement('a')
      link.href = url
      link.download = exported.fileName
      link.click()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
      return exported
    } catch (e) {
      fail(e)
      return null
    }
  }

  /** Merges an exported JSON file back in. */
  async function importProgress(file: File): Promise<{ updated: number } | null> {
    try {
      const result = await useApi().request('progress.import', { content: await file.text() })
      await load()
      generation.value++
      return result
    } catch (e) {
      fail(e)
      return null
    }
  }

  return {
    profiles,
    activeId,
    active,
    loaded,
    notice,
    error,
    generation,
    load,
    listen,
    create,
    switchTo,
    exportProgress,
    importProgress
  }
})
