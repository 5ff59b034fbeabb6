import { ConfigError } from '../errors.js'
import { SECRET_INPUTS, type InputName, type RawSettings } from './inputs.js'
import { isSingleLine } from './rules.js'
import type { SettingNames } from './setting-names.js'

/** A rule a setting's value must follow, and the words that tell the user what it accepts. */
export interface Rule {
  test: (value: string) => boolean
  /** Completes "expected ...": `digits only, e.g. 123456`. */
  accepted: string
}

/**
 * Reads settings one by one, collecting every problem instead of stopping at the first.
 * Each problem names the setting as its user wrote it (`input days-back`, `--days-back`,
 * `DAYS_BACK`, `event.days_back`), or as the face spells it when the user did not write it.
 */
export class SettingsReader {
  private readonly problems: string[] = []

  constructor(
    private readonly raw: RawSettings,
    private readonly names: SettingNames
  ) {
    for (const [name, setting] of Object.entries(raw) as Array<[InputName, { value: string }]>) {
      if (!isSingleLine(setting.value.trim()))
        this.fail(name, 'a single line without control characters')
    }
  }

  label(name: InputName): string {
    return this.raw[name]?.label ?? this.names[name] ?? name
  }

  /** The trimmed value; undefined when not set (empty) or not a single line (reported already). */
  text(name: InputName): string | undefined {
    const value = this.raw[name]?.value.trim()
    return value === undefined || value === '' || !isSingleLine(value) ? undefined : value
  }

  problem(message: string): void {
    this.problems.push(message)
  }

  /** Reports `Invalid <setting> "<value>": expected <accepted>.`; secrets are never echoed. */
  fail(name: InputName, accepted: string): void {
    const value = this.raw[name]?.value ?? ''
    const shown = SECRET_INPUTS.has(name)
      ? ''
      : ` ${JSON.stringify(value.length > 80 ? value.slice(0, 80) + '…' : value)}`
    this.problem(`Invalid ${this.label(name)}${shown}: expected ${accepted}.`)
  }

  ok(): boolean {
    return this.problems.length === 0
  }

  /** Throws every problem found, once each. */
  finish(): void {
    if (this.problems.length > 0) throw new ConfigError([...new Set(this.problems)])
  }

  /** `what` completes "Missing <setting>: ... is required.": `the Harvest account id (digits only)`. */
  required(name: InputName, rule: Rule, what: string): string {
    const value = this.text(name)
    if (value === undefined) {
      if (!this.raw[name]?.value.trim())
        this.problem(`Missing ${this.label(name)}: ${what} is required.`)
      return ''
    }
    if (!rule.test(value)) this.fail(name, rule.accepted)
    return value
  }

  optional(name: InputName, rule: Rule): string | undefined {
    const value = this.text(name)
    if (value !== undefined && !rule.test(value)) this.fail(name, rule.accepted)
    return value
  }

  choice<T extends string>(name: InputName, choices: readonly T[], fallback: T): T {
    const value = this.text(name)
    if (value === undefined) return fallback
    if (!(choices as readonly string[]).includes(value)) {
      this.fail(name, `one of ${choices.join(', ')}`)
      return fallback
    }
    return value as T
  }

  integer(name: InputName, min: number, max: number, fallback: number): number {
    const value = this.text(name)
    if (value === undefined) return fallback
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      this.fail(name, `a whole number from ${min} to ${max}`)
      return fallback
    }
    return Number(value)
  }

  /** YAML-style booleans, as `core.getBooleanInput` accepts them. */
  boolean(name: InputName): boolean {
    const value = this.text(name)
    if (value === undefined) return false
    if (['true', 'True', 'TRUE'].includes(value)) return true
    if (['false', 'False', 'FALSE'].includes(value)) return false
    this.fail(name, 'true or false')
    return false
  }
}
