/**
 * The main side's refusals and notices reach the learner in their language: each key the main
 * side sends (electron/services/progress/store.ts, export.ts, lesson-library/mlpack.ts,
 * pack-folder.ts, library.ts, electron/main.ts) has an English and a Chinese sentence, and an error of a
 * request arrives translated once the page has set its translator.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createAppI18n } from '../i18n'
import { REQUEST_REFUSALS, validateRequest, type ApiError } from '../../../shared/api'
import { ApiRequestError } from './client'
import { mainSentence, translateMainSentencesWith, type Translate } from './sentences'

// The progress file's problems are main-side code: loaded by path, as packProblems.test.ts
// loads the validator (the page's project does not hold electron/).
const { DATA_PROBLEMS } = (await import(
  /* @vite-ignore */ join(import.meta.dirname, '../../../electron/services/progress/schema')
)) as { DATA_PROBLEMS: Record<string, string> }

const sentKeys = [
  'progressNewer',
  'progressRestored',
  'progressUnreadable',
  'notSaved.full',
  'notSaved.tooLarge',
  'notSaved.readOnly',
  'notSaved.forbidden',
  'notSaved.other',
  'pack.notZip',
  'pack.nulName',
  'pack.absolutePath',
  'pack.leavesFolder',
  'pack.zip64',
  'pack.tooManyFiles',
  'pack.damaged',
  'pack.symlink',
  'pack.compression',
  'pack.tooBig',
  'pack.inflatesMore',
  'pack.damagedFile',
  'pack.duplicate',
  'pack.folderTooManyFiles',
  'pack.folderTooBig',
  'pack.refused',
  'pack.refusedMore',
  'pack.builtInId',
  'pack.added',
  'pack.alreadyInstalled',
  'pack.noLesson',
  'pack.writeOutside',
  'pack.notAFolder',
  'pack.folderUnreadable',
  'pack.authoringBuiltInId',
  'pack.builtInRemove',
  'pack.notInPackFolder',
  'profile.noneChosen',
  'profile.needsName',
  'profile.unknown',
  'progressImport.notJson',
  'progressImport.notExport',
  ...Object.keys(DATA_PROBLEMS).map((key) => `progressImport.damagedData.${key}`),
  // electron/services/simulator-host (host.ts, worker.ts) and shared/api.ts
  'run.ended',
  'run.closed',
  'run.gone',
  'run.noProgram',
  'run.faultDrillsOff',
  'run.shuttingDown',
  'run.stoppedTime',
  'run.stoppedMemory',
  'run.stoppedCrash',
  'service.noLessons',
  'service.noProgress',
  ...Object.keys(REQUEST_REFUSALS).map((key) => `request.${key}`)
]

function translator(language: 'en' | 'zh-CN'): Translate {
  const i18n = createAppI18n(language)
  return (key, params) => i18n.global.t(key, params)
}

afterEach(() => translateMainSentencesWith(null))

describe('the main side’s sentences', () => {
  it('has every key the main side sends, in English and in Chinese', () => {
    for (const language of ['en', 'zh-CN'] as const) {
      const t = translator(language)
      for (const key of sentKeys)
        expect(mainSentence(t, { message: 'ENGLISH', reason: { key } }), key).not.toBe('ENGLISH')
    }
  })

  it('says a refused pack in Chinese, with the file it names', () => {
    const t = translator('zh-CN')
    const refusal = {
      message: 'The pack contains a path that leaves its folder ("../evil.txt"); it was refused.',
      reason: { key: 'pack.leavesFolder', params: { name: '../evil.txt' } }
    }
    expect(mainSentence(t, refusal)).toBe(
      '课程包中含有指向包外的路径（“../evil.txt”），已拒绝导入。'
    )
    expect(mainSentence(translator('en'), refusal)).toBe(
      'The pack contains a path that leaves its folder (“../evil.txt”); it was refused.'
    )
  })

  it('keeps the English message for a key this page does not know, or no key', () => {
    const t = translator('zh-CN')
    expect(
      mainSentence(t, { message: 'From a newer app.', reason: { key: 'pack.fromTheFuture' } })
    ).toBe('From a newer app.')
    expect(mainSentence(t, { message: 'Plain.' })).toBe('Plain.')
  })

  it('says a refused request as the main side does in English, and in Chinese', () => {
    // A learner can send one: a program pasted in that is longer than a run takes.
    const refused = validateRequest('run.start', { source: 'x'.repeat(200_001) })
    const error = (refused as { error: ApiError }).error
    expect(error.message).toBe(
      'Request "run.start" refused: params.source is 200001 characters long; at most 200000 are allowed.'
    )
    expect(mainSentence(translator('en'), error)).toBe(error.message)
    expect(mainSentence(translator('zh-CN'), error)).toBe(
      '请求 "run.start" 被拒绝：params.source 长 200001 个字符；最多允许 200000 个。'
    )
    // Every refusal's English in the page is the main side's English, word for word.
    const t = translator('en')
    for (const [key, template] of Object.entries(REQUEST_REFUSALS)) {
      const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
      const params = Object.fromEntries(names.map((name) => [name, `<${name}>`]))
      expect(t(`app.main.request.${key}`, params), key).toBe(template.replace(/\{(\w+)\}/g, '<$1>'))
    }
  })

  it('says what is wrong with a damaged progress export as the main side does, and in Chinese', () => {
    const en = translator('en')
    for (const [key, template] of Object.entries(DATA_PROBLEMS)) {
      const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
      const params = Object.fromEntries(names.map((name) => [name, `<${name}>`]))
      expect(en(`app.main.progressImport.damagedData.${key}`, params), key).toBe(
        `This progress export is damaged: ${template.replace(/\{(\w+)\}/g, '<$1>')}.`
      )
    }
    const hostile = {
      message:
        'This progress export is damaged: a lesson is named "__proto__", which is not a lesson id.',
      reason: { key: 'progressImport.damagedData.lessonId', params: { lesson: '__proto__' } }
    }
    expect(mainSentence(translator('zh-CN'), hostile)).toBe(
      '这份导出的进度已损坏：有一课名为“__proto__”，这不是合法的课程 id。'
    )
  })

  it('says that a run has ended in the learner’s language', () => {
    const ended = { message: 'This run has ended.', reason: { key: 'run.ended' } }
    expect(mainSentence(translator('en'), ended)).toBe('This run has ended.')
    expect(mainSentence(translator('zh-CN'), ended)).toBe('这次运行已经结束。')
  })

  it('translates a request’s error once the page has set its translator', () => {
    const error = {
      code: 'failed' as const,
      message: 'Your progress could not be saved in /home/ada/.config (the disk is full). …',
      reason: {
        key: 'notSaved.full',
        params: { folder: '/home/ada/.config', error: 'the disk is full' }
      }
    }
    expect(new ApiRequestError(error).message).toBe(error.message)
    translateMainSentencesWith(translator('zh-CN'))
    expect(new ApiRequestError(error).message).toBe(
      '无法把进度保存到 /home/ada/.config（磁盘已满）。只要应用不关闭，什么都不会丢失：一旦可以保存，下一次作答时会把全部内容一起保存。'
    )
  })
})
