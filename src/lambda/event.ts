import type { InputName, RawSettings } from '../config/inputs.js'
import { SETTING_ROWS, SETTINGS } from '../config/registry.js'
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
const EVENT_FIELDS = new Map(
  // The command picks what runs (`readEvent` reads it apart); it overrides no setting.
  SETTING_ROWS.flatMap(({ input, event }) =>
    event && input !== 'command'
      ? [[event.field, { input: input as InputName, ...event, read: READERS[event.type] }] as const]
      : []
  )
)

/** The fields the event accepts, for messages: `days_back, from, to and dry_run`. */
export const EVENT_FIELD_LIST = [...EVENT_FIELDS.keys()].join(', ').replace(/, ([^,]+)$/, ' and $1')

const COMMAND = SETTINGS.command.event

/** Export or verify, not publish-lambda: replacing the function's own code is a release job's. */
type EventCommand = Exclude<(typeof SETTINGS.command.values)[number], 'publish-lambda'>
const isEventCommand = (value: unknown): value is EventCommand =>
  value !== 'publish-lambda' && (SETTINGS.command.values as readonly unknown[]).includes(value)

/**
 * Reads an invocation event's overrides as raw settings labelled `event.<field>`; values are
 * validated afterwards with every other setting. `{}`, `null` and AWS service events (a
 * scheduled EventBridge rule sends `source`, `detail-type`, ...) run the default export.
 */
export function readEvent(event: unknown): {
  /** Only when the event names one; otherwise the export runs. */
  command?: EventCommand
  raw: RawSettings
  /** Fields this tool does not know, reported as a warning unless AWS sent the event. */
  ignored: string[]
} {
  if (event === undefined || event === null) return { raw: {}, ignored: [] }
  if (typeof event !== 'object' || Array.isArray(event)) {
    throw new ConfigError([
      `Invalid event: expected a JSON object such as {} or {"days_back": 7}, {"from": "2025-01-01", "to": "2025-01-31"}, {"dry_run": true}.`
    ])
  }
  const raw: RawSettings = {}
  const problems: string[] = []
  const ignored: string[] = []
  const invalid = (field: string, value: unknown, accepted: string): void => {
    problems.push(`Invalid event.${field} ${describe(value)}: expected ${accepted}.`)
  }
  let command: EventCommand | undefined
  for (const [field, value] of Object.entries(event)) {
    const known = EVENT_FIELDS.get(field)
    if (field === COMMAND.field && value !== null && value !== undefined) {
      if (isEventCommand(value)) command = value
      else invalid(field, value, COMMAND.accepted)
      continue
    }
    if (known === undefined) {
      ignored.push(field)
      continue
    }
    // null is how templates and input transformers write "not set".
    if (value === null || value === undefined) continue
    const text = known.read(value)
    if (text === undefined) invalid(field, value, known.accepted)
    else raw[known.input] = { value: text, label: `event.${field}` }
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
