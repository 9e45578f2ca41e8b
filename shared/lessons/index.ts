/**
 * The lesson engine's public surface for both sides. Everything here is safe in the renderer
 * (no Ajv, no Node). Pack validation, which compiles JSON Schemas at run time, is imported
 * from `shared/lessons/validate` by main-side code only.
 */
export * from './format'
export * from './facts'
export * from './expression'
export * from './grade'
export * from './problems'
export * from './render'
export * from './view'
