/**
 * Exported progress: what an instructor collects from a lab machine. JSON carries everything
 * and can be imported back; CSV (one row per checkpoint) opens in a spreadsheet; the HTML page
 * is a printable one-page summary with every learner-provided text escaped.
 */
import { fillTemplate } from '../../../shared/lang/diagnostics'
import englishReport from '../../../renderer/src/locales/en/progressExport.json'
import chineseReport from '../../../renderer/src/locales/zh-CN/progressExport.json'
import { ApiFailure } from '../../../shared/api'
import { findDataProblem, type StoredProfile } from './schema'

/** The content of an exported JSON file. */
export interface ProfileExport {
  profile: StoredProfile
  exportedAt: string
}

export function exportJson(exported: ProfileExport): string {
  return (
    JSON.stringify({ format: 'memory-lane-progress-export', version: 1, ...exported }, null, 2) +
    '\n'
  )
}

/**
 * Reads an exported JSON file back; throws an ApiFailure with one plain sentence (and its
 * message key) when it is not one.
 */
export function parseProgressExport(text: string): ProfileExport {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new ApiFailure(
      'failed',
      'This file is not a Memory Lane progress export: it is not valid JSON.',
      { key: 'progressImport.notJson' }
    )
  }
  const value = parsed as Partial<ProfileExport> & { format?: unknown }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    value.format !== 'memory-lane-progress-export'
  )
    throw new ApiFailure('failed', 'This file is not a Memory Lane progress export.', {
      key: 'progressImport.notExport'
    })
  // What is wrong is said in the schema's words (field names), inside a translated sentence.
  const problem = findDataProblem({ activeProfileId: null, profiles: [value.profile] })
  if (problem)
    throw new ApiFailure('failed', `This progress export is damaged: ${problem.text}.`, {
      key: `progressImport.damagedData.${problem.key}`,
      params: problem.params
    })
  return { profile: value.profile!, exportedAt: String(value.exportedAt ?? '') }
}

function csvField(value: string | number | boolean): string {
  const text = String(value)
  // Quote always when needed; a leading = + - @ is neutralised so spreadsheets do not run it.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

interface Row {
  pack: string
  lesson: string
  checkpoint: string
  status: string
  attempts: number
  hintsUsed: number
  /** The learner asked to see the answer: a pass after it is not the learner's own. */
  answerRevealed: boolean
  secondsSpent: number
  updatedAt: string
}

function rows(profile: StoredProfile): Row[] {
  const result: Row[] = []
  for (const [key, lesson] of Object.entries(profile.lessons).sort(([a], [b]) =>
    a < b ? -1 : 1
  )) {
    const [pack, lessonId] = key.split('/')
    for (const [checkpoint, c] of Object.entries(lesson.checkpoints))
      result.push({
        pack,
        lesson: lessonId,
        checkpoint,
        status: c.status,
        attempts: c.attempts,
        hintsUsed: c.hintsUsed,
        answerRevealed: c.answerRevealedAt !== undefined,
        secondsSpent: c.secondsSpent,
        updatedAt: c.updatedAt
      })
  }
  return result
}

const columns: Array<keyof Row> = [
  'pack',
  'lesson',
  'checkpoint',
  'status',
  'attempts',
  'hintsUsed',
  'answerRevealed',
  'secondsSpent',
  'updatedAt'
]

export function exportCsv(exported: ProfileExport): string {
  const lines = [['learner', ...columns].join(',')]
  for (const row of rows(exported.profile))
    lines.push([exported.profile.name, ...columns.map((c) => row[c])].map(csvField).join(','))
  return lines.join('\r\n') + '\r\n'
}

const headings = [
  'pack',
  'lesson',
  'checkpoint',
  'status',
  'attempts',
  'hints',
  'answerShown',
  'minutes',
  'lastChange'
] as const

function statusWord(words: (typeof reportWords)[ReportLanguage], status: string): string {
  return Object.hasOwn(words.status, status)
    ? words.status[status as keyof typeof words.status]
    : status
}

function escapeHtml(text: string | number): string {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

/** The report's words, from the app's message files (progressExport.json, en and zh-CN). */
const reportWords = { en: englishReport, 'zh-CN': chineseReport } as const
export type ReportLanguage = keyof typeof reportWords

/**
 * The printable report, in the learner's language (headings, statuses, the summary); names of
 * packs, lessons and checkpoints stay as the pack spells them.
 */
export function exportHtml(exported: ProfileExport, language: ReportLanguage = 'en'): string {
  const words = reportWords[language]
  const all = rows(exported.profile)
  const passed = all.filter((r) => r.status === 'passed').length
  const minutes = Math.round(all.reduce((s, r) => s + r.secondsSpent, 0) / 60)
  const body = all
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.pack)}</td><td>${escapeHtml(r.lesson)}</td><td>${escapeHtml(r.checkpoint)}</td><td class="${escapeHtml(r.status)}">${escapeHtml(statusWord(words, r.status))}</td><td>${r.attempts}</td><td>${r.hintsUsed}</td><td>${r.answerRevealed ? escapeHtml(words.yes) : ''}</td><td>${Math.round(r.secondsSpent / 60)}</td><td>${escapeHtml(r.updatedAt.slice(0, 16).replace('T', ' '))}</td></tr>`
    )
    .join('\n')
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(fillTemplate(words.title, { name: exported.profile.name }))}</title>
<style>
body{font:12px/1.4 system-ui,sans-serif;margin:16mm}h1{font-size:18px}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #999;padding:2px 6px;text-align:left}.passed{color:#16602a;font-weight:600}.attempted{color:#8a5a00}
@page{size:A4;margin:12mm}
</style></head><body>
<h1>${escapeHtml(fillTemplate(words.title, { name: exported.profile.name }))}</h1>
<p>${escapeHtml(fillTemplate(words.summary, { passed, total: all.length, minutes, at: exported.exportedAt.slice(0, 16).replace('T', ' ') }))}</p>
<table><thead><tr>${headings.map((h) => `<th>${escapeHtml(words.column[h])}</th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody></table>
</body></html>
`
}
