/** OSTEP compatibility: the free-space homework simulator (`vm-freespace/malloc.py`), exactly. */
export { OstepFreeSpace, OSTEP_POLICIES, OSTEP_LIST_ORDERS } from './freeSpace'
export type {
  FreeChunk,
  OstepAllocation,
  OstepHeapConfig,
  OstepListOrder,
  OstepPolicy
} from './freeSpace'
export { PythonRandom } from './pythonRandom'
export {
  OSTEP_DEFAULTS,
  OstepInputError,
  formatOpList,
  opsForJson,
  parseOpList,
  runOstep,
  validateParams
} from './replay'
export type { OstepOp, OstepOpResult, OstepParams, OstepRun } from './replay'
