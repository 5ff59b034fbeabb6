import type { InputName, RawSettings } from '../config/inputs.js'
import { SETTING_NAMES, SETTINGS, type Setting } from '../config/registry.js'
import { ConfigError } from '../errors.js'

type Reader = (value: unknown) => string | undefined

const READERS: Record<'number' | 'string' | 'boolean', Reader> = {
  // A number, or digits in a string (what a console test event or a query string gives).
  number: (value) =>
    (typeof value === 'number' && Number.isFinite(value)) ||
    (typeof value === 'string' && /^\s*\d+\s*$/.test(value))
      ? String(value).trim()
      : undefined,
  string: (value) => (typeof value === 'string' ? value : undefined),
  // Only a JSON boolean: a string "false" is truthy in most languages, so it is refused, not guessed.
  boolean: (value) => (typeof value === 'boolean' ? String(value) : undefined)
}

/** The event fields a caller may set (README, The Lambda route), each overriding one setting of the environment. */
const EVENT_FIELDS = new Map<string, { input: InputName; accepted: string; read: Reader }>(
  SETTING_NAMES.flatMap((name) => {
    const { input, event }: Setting = SETTINGS[name]
    // The command picks what runs (`readEvent` reads it apart); it overrides no setting.
    if (event === undefined || name === 'command') return []
    const field = { input: input as InputName, accepted: event.accepted, read: READERS[event.type] }
    return [[event.field, field]]
  })
)

/** The fields the event accepts, for messages: `days_back, from, to and dry_run`. */
export const EVENT_FIELD_LIST = [...EVENT_FIELDS.keys()].join(', ').replace(/, ([^,]+)$/, ' and $1')

const COMMAND_EVENT = SETTINGS.command.event

/**
 * What an invocation may ask for: the export (default) or the audit of the archive. Not
 * publish-lambda: that replaces the function's own code, a release job's work (README,
 * Publishing the Lambda package from a release).
 */
export type EventCommand = Exclude<(typeof SETTINGS.command.values)[number], 'publish-lambda'>
export const EVENT_COMMANDS: readonly EventCommand[] = SETTINGS.command.values.filter(
  (command): command is EventCommand => command !== 'publish-lambda'
)

export interface EventOverrides {
  /** Only when the event names one; otherwise the export runs. */
  command?: EventCommand
  raw: RawSettings
  /** Fields this tool does not know, reported as a warning unless AWS sent the event. */
  ignored: string[]
}

/**
 * Reads an invocation event's overrides as raw settings labelled `event.<field>`; values are
 * validated afterwards with every other setting. `{}`, `null` and AWS service events (a
 * scheduled EventBridge rule sends `source`, `detail-type`, ...) run the default export.
 */
export function readEvent(event: unknown): EventOverrides {
  if (event === undefined || event === null) return { raw: {}, ignored: [] }
  if (typeof event !== 'object' || Array.isArray(event)) {
    throw new ConfigError([
      `Invalid event: expected a JSON object such as {} or {"days_back": 7}, {"from": "2025-01-01", "to": "2025-01-31"}, {"dry_run": true}.`
    ])
  }
  const raw: RawSettings = {}
  const problems: string[] = []
  const ignored: string[] = []
  let command: EventCommand | undefined
  for (const [field, value] of Object.entries(event)) {
    if (field === COMMAND_EVENT.field && value !== null && value !== undefined) {
      if ((EVENT_COMMANDS as readonly unknown[]).includes(value)) command = value as EventCommand
      else
        problems.push(
          `Invalid event.${field} ${describe(value)}: expected ${COMMAND_EVENT.accepted}.`
        )
      continue
    }
    const known = EVENT_FIELDS.get(field)
    if (known === undefined) {
      ignored.push(field)
      continue
    }
    // null is how templates and input transformers write "not set".
    if (value === null || value === undefined) continue
    const { input, accepted, read } = known
    const text = read(value)
    if (text === undefined)
      problems.push(`Invalid event.${field} ${describe(value)}: expected ${accepted}.`)
    else raw[input] = { value: text, label: `event.${field}` }
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return {
    ...(command && { command }),
    raw,
    ignored: 'source' in event && 'detail-type' in event ? [] : ignored
  }
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 80 ? text.slice(0, 80) + '…' : text
}
