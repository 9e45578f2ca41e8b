/**
 * What the plain program text hands to the code editor when the editor takes its place: the
 * selection (UTF-16 offsets, as both a textarea and CodeMirror count), whether it had the
 * keyboard focus, and how far it was scrolled.
 */
export interface Handover {
  anchor: number
  head: number
  focused: boolean
  scrollTop: number
}
