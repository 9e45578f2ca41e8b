/** The learner's interface preferences: language (and the theme follows the system). */
import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { initialLanguage, rememberLanguage, type Language } from '../i18n'
import { loadChineseFont } from '../styles/fonts'

export const usePreferencesStore = defineStore('preferences', () => {
  const i18n = useI18n({ useScope: 'global' })
  const language = ref<Language>(initialLanguage())
  watch(
    language,
    (value) => {
      i18n.locale.value = value
      rememberLanguage(value)
      if (value === 'zh-CN') void loadChineseFont()
    },
    { immediate: true }
  )
  return { language }
})
