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
import { nearestName } from './nearest-name'
import { packReason, packSentence, type PackMessageKey, type PackParam, type PackReason } from './messages'
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

/** The key path of a value, quoted, or the whole value (`what`, a phrase key) for the root. */
function describePath(path: Array<string | number>, what: PackMessageKey): PackParam {
  if (path.length === 0) return packReason(what)
  let text = ''
  for (const s of path) text += typeof s === 'number' ? `[${s}]` : text ? `.${s}` : s
  return `"${text}"`
}

/** A JSON Schema type as a phrase: "a whole number", "a list", "a mapping", … */
function typePhrase(type: string): PackReason {
  return type === 'integer' || type === 'array' || type === 'object' || type === 'string' ||
    type === 'number' || type === 'boolean' || type === 'null'
    ? packReason(`type.${type}`)
    : packReason('phrase.token', { text: type })
}

function sentence(error: ErrorObject, path: Array<string | number>, what: PackMessageKey): PackReason {
  const name = describePath(path, what)
  const params = error.params as Record<string, unknown>
  const description = (error.parentSchema as { description?: string } | undefined)?.description
  switch (error.keyword) {
    case 'required':
      return packReason('schema.required', { key: String(params.missingProperty), name })
    case 'additionalProperties': {
      // The keys this mapping takes, at whatever level it is (pack.yaml, a checkpoint, an option
      // in a checkpoint's list): a misspelt one gets the key it nearly is.
      const key = String(params.additionalProperty)
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {})
      const nearest = nearestName(key, known)
      return nearest
        ? packReason('schema.unknownKeyNear', { key, name, nearest })
        : packReason('schema.unknownKey', { key, name })
    }
    case 'type': {
      // "a whole number or a string": alternatives folded from the right into `type.or`.
      const types = String(params.type).split(',').map(typePhrase)
      const joined = types.reduceRight((second, first) => packReason('type.or', { first, second }))
      return packReason('schema.type', { name, types: joined })
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String)
      const values = allowed.join(', ')
      const nearest = typeof error.data === 'string' ? nearestName(error.data, allowed) : undefined
      return nearest
        ? packReason('schema.enumNear', { name, value: error.data as string, nearest, values })
        : packReason('schema.enum', { name, values })
    }
    case 'const':
      return packReason('schema.const', { name, value: JSON.stringify(params.allowedValue) })
    case 'minItems':
      return packReason(params.limit === 1 ? 'schema.minItemsOne' : 'schema.minItems', {
        name,
        limit: String(params.limit)
      })
    case 'maxItems':
      return packReason('schema.maxItems', { name, limit: String(params.limit) })
    case 'uniqueItems':
      return packReason('schema.uniqueItems', { name })
    case 'minLength':
      return packReason('schema.minLength', { name })
    case 'maximum':
      return packReason('schema.maximum', { name, limit: String(params.limit) })
    case 'minimum':
      return packReason('schema.minimum', { name, limit: String(params.limit) })
    case 'oneOf':
    case 'pattern':
    case 'propertyNames':
      // The schema's own description (English, written for pack authors) says what is valid.
      return description
        ? packReason('schema.described', { name, detail: description })
        : packReason('schema.invalid', { name })
    default:
      return packReason('schema.other', { name, detail: error.message ?? 'is not valid' })
  }
}

/**
 * Validates the YAML value of `source` against a part of the pack schema. `what` names the
 * whole value in messages, as a phrase key such as `what.packYaml` or `what.checkpoint`.
 */
export function checkAgainstSchema(
  source: YamlSource,
  part: SchemaPart,
  file: string,
  what: PackMessageKey
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
    const reason = sentence(error, path, what)
    const message = packSentence(reason)
    const position = source.locate(located, key)
    const signature = `${position.line}:${position.column}:${message}`
    if (seen.has(signature)) continue
    seen.add(signature)
    problems.push({ file, ...position, message, reason })
  }
  return problems
}
