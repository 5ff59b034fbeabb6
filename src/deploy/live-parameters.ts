import type { Parameter } from '@aws-sdk/client-cloudformation'
import { SETTINGS } from '../config/registry.js'
import { EXPORT_FLAGS } from './flags.js'
import { OWN_PARAMETERS, type LambdaOptions } from './lambda-options.js'
import { templateDefaults, templateParameterNames } from './package-files.js'

/** The zip's key: always the shipped zip's, whatever the stack ran before. */
const CODE_KEY = 'CodeKey'

/** lambda.yml parameter -> the flag (without --) that sets it, for the dry run's lines. */
const LABELS: Record<string, string> = {
  [CODE_KEY]: 'code-key',
  ...Object.fromEntries(Object.entries(OWN_PARAMETERS).map(([flag, name]) => [name, flag])),
  ...Object.fromEntries(EXPORT_FLAGS.map(({ parameter, flag }) => [parameter, flag]))
}

/** lambda.yml's parameters for these options, defaults included (a rerun then keeps the live values of those not given). */
export function lambdaParameters(options: LambdaOptions, codeKey: string): Record<string, string> {
  return {
    FunctionName: options.functionName,
    CodeBucket: options.codeBucket,
    CodeKey: codeKey,
    HarvestTokenParameterName: options.tokenParameter,
    ExportBucketKmsKeyArn: options.kmsKey,
    ScheduleExpression: options.schedule,
    LogRetentionInDays: String(options.logRetention),
    AlarmEmail: options.alarmEmail,
    ...options.parameters
  }
}

/** The options as deployed: a value the rerun kept from the live stack replaces the flag's default. */
export function deployedOptions(
  options: LambdaOptions,
  parameters: Record<string, string>
): LambdaOptions {
  return {
    ...options,
    prefix: parameters[SETTINGS.s3Prefix.parameter],
    accountId: parameters[SETTINGS.harvestAccountId.parameter],
    parameters: Object.fromEntries(
      Object.keys(options.parameters).map((name) => [name, parameters[name]])
    ),
    functionName: parameters.FunctionName,
    codeBucket: parameters.CodeBucket,
    tokenParameter: parameters.HarvestTokenParameterName,
    kmsKey: parameters.ExportBucketKmsKeyArn,
    schedule: parameters.ScheduleExpression,
    alarmEmail: parameters.AlarmEmail
  }
}

export function parameterRecord(parameters: Parameter[] | undefined): Record<string, string> {
  return Object.fromEntries(
    (parameters ?? []).flatMap(({ ParameterKey, ParameterValue }) =>
      ParameterKey ? [[ParameterKey, ParameterValue ?? '']] : []
    )
  )
}

/**
 * What a rerun deploys: a parameter given on the command line takes its new value, every other
 * one keeps the live stack's (never silently back to its default). Without a live stack, the
 * command line's values and defaults.
 */
export function mergeParameters(
  wanted: Record<string, string>,
  given: ReadonlySet<string>,
  live: Record<string, string> | undefined
): Record<string, string> {
  if (!live) return { ...wanted }
  return Object.fromEntries(
    Object.entries(wanted).map(([name, value]) => [
      name,
      name === CODE_KEY || given.has(name) || !(name in live) ? value : live[name]
    ])
  )
}

/**
 * The template's parameters deploy sets no value for that the live stack holds at other than
 * their defaults (set by hand or another tool, such as AlarmTopicArn or HarvestTokenKmsKeyArn):
 * CloudFormation would reset one left out to its default, so a rerun passes its live value.
 * Not the code's object version, which belongs to the code key deploy replaces.
 */
export function keptParameters(
  template: string,
  parameters: Record<string, string>,
  live: Record<string, string> | undefined
): Record<string, string> {
  if (!live) return {}
  const defaults = templateDefaults(template)
  const kept = templateParameterNames(template).filter(
    (name) =>
      name in live &&
      !(name in parameters) &&
      name !== 'CodeObjectVersion' &&
      live[name] !== defaults[name]
  )
  return Object.fromEntries(kept.map((name) => [name, live[name]]))
}

/**
 * The dry run's account of the settings, one line each: `layout: hive (unchanged)`,
 * `days-back: 90 -> 30`; for a stack not deployed yet, each value marked `(new stack)`.
 * Lines follow `order` (the template's parameters), any other parameter after them.
 */
export function settingChanges(
  next: Record<string, string>,
  live: Record<string, string> | undefined,
  order: readonly string[] = []
): string[] {
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length)
  const names = Object.keys(next).sort((a, b) => rank(a) - rank(b))
  return names.map((name) => {
    const value = next[name]
    const label = LABELS[name] ?? name
    if (!live) return `${label}: ${shown(value)} (new stack)`
    const before = live[name]
    if (before === value) return `${label}: ${shown(value)} (unchanged)`
    return `${label}: ${before === undefined ? '(not set)' : shown(before)} -> ${shown(value)}`
  })
}

const shown = (value: string) => (value === '' ? "''" : value)
