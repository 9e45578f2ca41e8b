/**
 * Checks pack YAML against docs/pack.schema.json with Ajv and turns Ajv's findings into plain
 * sentences at the line and column of the key or value concerned.
 *
 * Ajv compiles schemas to functions at run time, which a strict Content-Security-Policy
 * forbids, so this module belongs to the main side (validator, CLI, library); the renderer
 * never imports it.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv'
import packSchema from './pack.schema.json'
import type { Problem } from './problems'
import type { YamlSource } from './yaml-source'

/** The published JSON Schema of pack.yaml, with definitions for setup and checkpoint blocks. */
export const packJsonSchema = packSchema

type SchemaPart = 'manifest' | 'setup' | 'checkpoint'

let validators: Record<SchemaPart, ValidateFunction> | undefined

function compiled(): Record<SchemaPart, ValidateFunction> {
  if (!validators) {
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: true })
    ajv.addSchema(packSchema)
    const id = packSchema.$id
    validators = {
      manifest: ajv.getSchema(id)!,
      setup: ajv.getSchema(`${id}#/definitions/setup`)!,
      checkpoint: ajv.getSchema(`${id}#/definitions/checkpoint`)!
    }
  }
  return validators
}

function pathSegments(instancePath: string): Array<string | number> {
  if (instancePath === '') return []
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s))
}

function describePath(path: Array<string | number>, what: string): string {
  if (path.length === 0) return what
  let text = ''
  for (const s of path) text += typeof s === 'number' ? `[${s}]` : text ? `.${s}` : s
  return `"${text}"`
}

function sentence(error: ErrorObject, path: Array<string | number>, what: string): string {
  const name = describePath(path, what)
  const params = error.params as Record<string, unknown>
  const description = (error.parentSchema as { description?: string } | undefined)?.description
  switch (error.keyword) {
    case 'required':
      return `missing required key "${String(params.missingProperty)}" in ${name}`
    case 'additionalProperties':
      return `unknown key "${String(params.additionalProperty)}" in ${name}`
    case 'type':
      return `${name} must be ${String(params.type).split(',').map((t) => (t === 'integer' ? 'a whole number' : t === 'array' ? 'a list' : t === 'object' ? 'a mapping' : `a ${t}`)).join(' or ')}`
    case 'enum':
      return `${name} must be one of: ${(params.allowedValues as unknown[]).join(', ')}`
    case 'const':
      return `${name} must be ${JSON.stringify(params.allowedValue)}`
    case 'minItems':
      return `${name} needs at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`
    case 'uniqueItems':
      return `${name} lists the same item twice`
    case 'minLength':
      return `${name} must not be empty`
    case 'minimum':
      return `${name} must be at least ${String(params.limit)}`
    case 'oneOf':
    case 'pattern':
    case 'propertyNames':
      return description ? `${name} must be ${description}` : `${name} is not valid`
    default:
      return `${name} ${error.message ?? 'is not valid'}`
  }
}

/**
 * Validates the YAML value of `source` against a part of the pack schema. `what` names the
 * whole value in messages, e.g. "pack.yaml" or "the checkpoint".
 */
export function checkAgainstSchema(
  source: YamlSource,
  part: SchemaPart,
  file: string,
  what: string
): Problem[] {
  const validate = compiled()[part]
  if (validate(source.value)) return []
  const errors = validate.errors ?? []
  // `if`/`then` and `oneOf` wrappers repeat what their branches already said.
  const specific = errors.filter((e) => e.keyword !== 'if')
  const problems: Problem[] = []
  const seen = new Set<string>()
  for (const error of specific) {
    const path = pathSegments(error.instancePath)
    // Keep only the summary of a oneOf: its branches' own errors would contradict each other.
    const isBranchOfOneOf = specific.some(
      (other) =>
        other !== error &&
        other.keyword === 'oneOf' &&
        error.schemaPath.startsWith(other.schemaPath.replace(/\/oneOf$/, '/oneOf/'))
    )
    if (isBranchOfOneOf) continue
    let located = path
    let key = false
    if (error.keyword === 'additionalProperties') {
      located = [...path, String((error.params as { additionalProperty: string }).additionalProperty)]
      key = true
    }
    const message = sentence(error, path, what)
    const position = source.locate(located, key)
    const signature = `${position.line}:${position.column}:${message}`
    if (seen.has(signature)) continue
    seen.add(signature)
    problems.push({ file, ...position, message })
  }
  return problems
}
