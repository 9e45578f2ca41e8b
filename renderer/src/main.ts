/** Renderer entry: Vue, Pinia and vue-i18n, then the shell. */
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { createAppI18n, initialLanguage } from './i18n'
import { loadChineseFont } from './styles/fonts'
import { afterFirstScreen } from './components/shell/idle'
import './styles/theme.css'

const language = initialLanguage()
// Chinese text needs its face from the start; an English screen shows Chinese only in the
// language menu, so the face can wait until the first screen is up.
if (language === 'zh-CN') void loadChineseFont()
else afterFirstScreen(() => void loadChineseFont())

createApp(App).use(createPinia()).use(createAppI18n(language)).mount('#app')
