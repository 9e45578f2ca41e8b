/** The lesson library service and the `.mlpack` tools it is made of. */
export {
  LessonLibrary,
  type AuthoringReport,
  type LessonLibraryOptions,
  type LearnerProgressSource
} from './library'
export { readMlpack, writeMlpack, UnsafePackError, maxPackFiles, maxPackBytes } from './mlpack'
export { readPackFolder } from './pack-folder'
