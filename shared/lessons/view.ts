/**
 * What the renderer receives of a lesson: each step with its prose already rendered to HTML,
 * its setup and program, and its checkpoints both as data (to judge answers) and as HTML (to
 * show them). Built on the main side from a validated pack.
 */
import type { Checkpoint, Lesson, LineRange, StepSetup } from './format'
import { renderInlineMarkdown, renderMarkdown, type ImageResolver } from './render'

/** A checkpoint's Markdown texts rendered to HTML, index for index. */
export interface CheckpointHtml {
  prompt: string
  explanation?: string
  hints: string[]
  options?: Array<{ text: string; feedback?: string }>
}

/** One checkpoint as the lesson pane uses it. */
export interface CheckpointDetail {
  checkpoint: Checkpoint
  html: CheckpointHtml
}

/** The lesson engine's additions to a step of `LessonDocument` (shared/api.ts). */
export interface StepDetail {
  setup: StepSetup
  /** Editable program lines; empty when the whole program is editable. */
  editable: LineRange[]
  programChanged: boolean
  checkpoints: CheckpointDetail[]
}

/** Renders a checkpoint's texts. */
export function checkpointHtml(checkpoint: Checkpoint, resolveImage: ImageResolver): CheckpointHtml {
  const inline = (text: string): string => renderInlineMarkdown(text, resolveImage)
  const options =
    checkpoint.kind === 'choice' || checkpoint.kind === 'predict' ? checkpoint.options : undefined
  return {
    prompt: inline(checkpoint.prompt),
    ...(checkpoint.explanation ? { explanation: inline(checkpoint.explanation) } : {}),
    hints: checkpoint.hints.map(inline),
    ...(options
      ? {
          options: options.map((o) => ({
            text: inline(o.text),
            ...(o.feedback ? { feedback: inline(o.feedback) } : {})
          }))
        }
      : {})
  }
}

/** Renders every step of a lesson: prose HTML plus the step details. */
export function renderLessonSteps(
  lesson: Lesson,
  resolveImage: ImageResolver
): Array<{ html: string; detail: StepDetail }> {
  return lesson.steps.map((step) => ({
    html: renderMarkdown(step.markdown, resolveImage),
    detail: {
      setup: step.setup,
      editable: step.program?.editable ?? [],
      programChanged: step.programChanged,
      checkpoints: step.checkpoints.map((checkpoint) => ({
        checkpoint,
        html: checkpointHtml(checkpoint, resolveImage)
      }))
    }
  }))
}
