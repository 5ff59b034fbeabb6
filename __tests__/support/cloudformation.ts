// Reads the CloudFormation templates in deploy/ and evaluates them for given parameter values,
// so tests check what a stack would really contain (resolved ARNs, conditions applied), not
// the template's spelling.
import { readFileSync } from 'node:fs'
import { parseDocument, type CollectionTag, type ScalarTag } from 'yaml'

type Json = unknown
export type Template = {
  Parameters?: Record<
    string,
    { Type: string; Default?: string | number; AllowedValues?: unknown[]; AllowedPattern?: string }
  >
  Conditions?: Record<string, Json>
  Resources: Record<string, { Type: string; Condition?: string; Properties?: Record<string, Json> }>
  Outputs?: Record<string, { Condition?: string; Value: Json }>
}

/** CloudFormation's short forms (!Ref, !Sub...) and the long form each stands for. */
const SHORT_FORMS: Record<string, string> = {
  Ref: 'Ref',
  Condition: 'Condition',
  GetAtt: 'Fn::GetAtt',
  Sub: 'Fn::Sub',
  If: 'Fn::If',
  Equals: 'Fn::Equals',
  Not: 'Fn::Not',
  And: 'Fn::And',
  Or: 'Fn::Or',
  Join: 'Fn::Join',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  FindInMap: 'Fn::FindInMap',
  Base64: 'Fn::Base64',
  GetAZs: 'Fn::GetAZs',
  ImportValue: 'Fn::ImportValue',
  Cidr: 'Fn::Cidr'
}

const CUSTOM_TAGS: Array<ScalarTag | CollectionTag> = Object.entries(SHORT_FORMS).flatMap(
  ([short, long]) => {
    const wrap = (value: unknown) =>
      long === 'Fn::GetAtt' && typeof value === 'string'
        ? { [long]: value.split('.') }
        : { [long]: value }
    return [
      { tag: `!${short}`, resolve: (value: string) => wrap(value) } satisfies ScalarTag,
      {
        tag: `!${short}`,
        collection: 'seq',
        resolve: (value) => wrap(value.toJSON())
      } satisfies CollectionTag,
      {
        tag: `!${short}`,
        collection: 'map',
        resolve: (value) => wrap(value.toJSON())
      } satisfies CollectionTag
    ]
  }
)

/** Parses a template; any YAML error or unknown tag fails the test instead of yielding null. */
export function loadTemplate(path: string): Template {
  const document = parseDocument(readFileSync(path, 'utf8'), { customTags: CUSTOM_TAGS })
  const problems = [...document.errors, ...document.warnings]
  if (problems.length > 0)
    throw new Error(`${path}: ${problems.map((problem) => problem.message).join('; ')}`)
  return document.toJS() as Template
}

const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'eu-central-1',
  'AWS::AccountId': '123456789012',
  'AWS::StackName': 'harvest-stack',
  'AWS::URLSuffix': 'amazonaws.com'
}

const NO_VALUE = Symbol('AWS::NoValue')

export interface Stack {
  parameters: Record<string, string>
  conditions: Record<string, boolean>
  /** Resources whose condition holds, every intrinsic resolved (other resources as `<Ref Name>`, `<Name.Attr>`). */
  resources: Record<string, { Type: string; Properties: Record<string, Json> }>
  outputs: Record<string, Json>
}

/** What CloudFormation would create from `template` with these parameter values. */
export function evaluate(template: Template, given: Record<string, string>): Stack {
  const parameters: Record<string, string> = {}
  for (const [name, definition] of Object.entries(template.Parameters ?? {})) {
    const value =
      given[name] ?? (definition.Default === undefined ? undefined : String(definition.Default))
    if (value === undefined) throw new Error(`parameter ${name} has no default and was not given`)
    if (definition.AllowedValues && !definition.AllowedValues.map(String).includes(value)) {
      throw new Error(`parameter ${name}: ${value} is not an allowed value`)
    }
    // CloudFormation anchors the pattern to the whole value.
    if (
      definition.AllowedPattern &&
      !new RegExp(`^(?:${definition.AllowedPattern})$`).test(value)
    ) {
      throw new Error(`parameter ${name}: ${value} does not match its AllowedPattern`)
    }
    parameters[name] = value
  }
  for (const name of Object.keys(given))
    if (!(name in parameters)) throw new Error(`unknown parameter ${name}`)

  const conditions: Record<string, boolean> = {}
  const condition = (name: string): boolean => {
    if (!(name in conditions)) {
      const definition = template.Conditions?.[name]
      if (definition === undefined) throw new Error(`unknown condition ${name}`)
      conditions[name] = Boolean(resolve(definition))
    }
    return conditions[name]
  }

  const ref = (name: string): unknown => {
    if (name === 'AWS::NoValue') return NO_VALUE
    if (name in parameters) return parameters[name]
    if (name in PSEUDO) return PSEUDO[name]
    if (name in template.Resources) return `<Ref ${name}>`
    throw new Error(`Ref to unknown ${name}`)
  }

  const substitute = (text: string, variables: Record<string, unknown> = {}): string =>
    text.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
      if (name in variables) return String(variables[name])
      if (name.includes('.')) {
        const [resource, attribute] = name.split('.')
        if (!(resource in template.Resources)) throw new Error(`\${${name}} names no resource`)
        return `<${resource}.${attribute}>`
      }
      return String(ref(name))
    })

  function resolve(value: Json): unknown {
    if (Array.isArray(value)) return value.map(resolve).filter((item) => item !== NO_VALUE)
    if (value === null || typeof value !== 'object') return value
    const entries = Object.entries(value as Record<string, Json>)
    if (entries.length === 1) {
      const [key, argument] = entries[0]
      const args = argument as Json[]
      switch (key) {
        case 'Ref':
          return ref(argument as string)
        case 'Condition':
          return condition(argument as string)
        case 'Fn::GetAtt': {
          const [resource, attribute] = args as string[]
          if (!(resource in template.Resources)) throw new Error(`GetAtt of unknown ${resource}`)
          return `<${resource}.${attribute}>`
        }
        case 'Fn::Sub':
          return typeof argument === 'string'
            ? substitute(argument)
            : substitute(args[0] as string, resolve(args[1]) as Record<string, unknown>)
        case 'Fn::If':
          return condition(args[0] as string) ? resolve(args[1]) : resolve(args[2])
        case 'Fn::Equals':
          return resolve(args[0]) === resolve(args[1])
        case 'Fn::Not':
          return !resolve(args[0])
        case 'Fn::And':
          return args.every((item) => resolve(item))
        case 'Fn::Or':
          return args.some((item) => resolve(item))
        case 'Fn::Join':
          return (resolve(args[1]) as string[]).join(args[0] as string)
        case 'Fn::Select':
          return (resolve(args[1]) as unknown[])[Number(resolve(args[0]))]
        case 'Fn::Split':
          return (resolve(args[1]) as string).split(args[0] as string)
      }
      if (key.startsWith('Fn::')) throw new Error(`the evaluator does not know ${key}`)
    }
    const result: Record<string, unknown> = {}
    for (const [key, item] of entries) {
      const resolved = resolve(item)
      if (resolved !== NO_VALUE) result[key] = resolved
    }
    return result
  }

  const resources: Stack['resources'] = {}
  for (const [name, resource] of Object.entries(template.Resources)) {
    if (resource.Condition && !condition(resource.Condition)) continue
    resources[name] = {
      Type: resource.Type,
      Properties: resolve(resource.Properties ?? {}) as Record<string, Json>
    }
  }
  const outputs: Record<string, Json> = {}
  for (const [name, output] of Object.entries(template.Outputs ?? {})) {
    if (output.Condition && !condition(output.Condition)) continue
    outputs[name] = resolve(output.Value)
  }
  for (const name of Object.keys(template.Conditions ?? {})) condition(name)
  return { parameters, conditions, resources, outputs }
}

export interface Statement {
  Sid?: string
  Effect: string
  Action: string | string[]
  Resource: string | string[]
  Condition?: Record<string, Record<string, unknown>>
}

/** Every statement of the inline policies of the stack's IAM roles. */
export function roleStatements(stack: Stack, roleName = 'Role'): Statement[] {
  const role = stack.resources[roleName]
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleName} is not an IAM role`)
  const policies = (role.Properties.Policies ?? []) as Array<{
    PolicyDocument: { Statement: Statement[] }
  }>
  return policies.flatMap((policy) => policy.PolicyDocument.Statement)
}

export function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value]
}
