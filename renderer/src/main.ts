/** Renderer entry: Vue, Pinia and vue-i18n, then the shell. */
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { createAppI18n } from './i18n'
import './styles/fonts'
import './styles/theme.css'

createApp(App).use(createPinia()).use(createAppI18n()).mount('#app')
