/** Entry of the development gallery: the memory views over fixture states. */
import { createApp } from 'vue'
import GalleryApp from './GalleryApp.vue'
import { memoryI18n } from '../components/memory/fixtures/i18n'
// the app's light and dark theme variables, which the memory palette builds on
import '../styles/theme.css'

const params = new URLSearchParams(location.search)
const lang = params.get('lang') === 'zh-CN' ? 'zh-CN' : 'en'
document.documentElement.lang = lang
createApp(GalleryApp).use(memoryI18n(lang)).mount('#gallery')
