/** Renderer entry: Vue, Pinia and vue-i18n, then the shell. */
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { createAppI18n, initialLanguage } from './i18n'
import { translateMainSentencesWith } from './api/sentences'
import { loadChineseFont } from './styles/fonts'
import { afterFirstScreen } from './components/shell/idle'
import './styles/theme.css'

const language = initialLanguage()
// Chinese text needs its face from the start; an English screen shows Chinese only in the
// language menu, so the face can wait until the first screen is up.
if (language === 'zh-CN') void loadChineseFont()
else afterFirstScreen(() => void loadChineseFont())

const i18n = createAppI18n(language)
// Refusals and failures from the main side arrive in the learner's language.
translateMainSentencesWith((key, params) => i18n.global.t(key, params))
createApp(App).use(createPinia()).use(i18n).mount('#app')
