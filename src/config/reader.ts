import { ConfigError } from '../errors.js'
import { SECRET_INPUTS, type RawSettings } from './inputs.js'
import { SETTINGS, type Setting, type SettingName } from './registry.js'
import { isSingleLine, type Rule } from './rules.js'
import type { SettingNames } from './setting-names.js'

export const EXPORT_WORDS = {
  /** `shown` is the quoted value, empty for a secret. */
  invalid: (label: string, shown: string, accepted: string): string =>
    `Invalid ${label}${shown}: expected ${accepted}.`,
  missing: (label: string, what: string): string => `Missing ${label}: ${what} is required.`,
  range: (min: number, max: number): string => `a whole number from ${min} to ${max}`,
  choice: (values: readonly string[]): string => `one of ${values.join(', ')}`
}

/** How a face words a problem with one setting (the export's faces, or `deploy`'s flags). */
export type ProblemWords = typeof EXPORT_WORDS

/** Reads by canonical name, collecting every problem, each naming the setting as written. */
export class SettingsReader {
  private readonly problems: string[] = []

  constructor(
    private readonly raw: RawSettings,
    private readonly names: SettingNames,
    private readonly words: ProblemWords = EXPORT_WORDS
  ) {
    const accepted = 'a single line without control characters'
    for (const [input, setting] of Object.entries(raw))
      if (!isSingleLine(setting.value.trim()))
        this.problem(this.words.invalid(setting.label, this.shown(input), accepted))
  }

  label(name: SettingName): string {
    return this.raw[SETTINGS[name].input]?.label ?? this.spelled(name)
  }

  spelled(name: SettingName): string {
    const { input } = SETTINGS[name]
    return this.names[input] ?? input
  }

  /** The trimmed value; undefined when not set (empty) or not a single line (reported already). */
  text(name: SettingName): string | undefined {
    const value = this.raw[SETTINGS[name].input]?.value.trim()
    return value === undefined || value === '' || !isSingleLine(value) ? undefined : value
  }

  problem(message: string): void {
    this.problems.push(message)
  }

  fail(name: SettingName, accepted: string): void {
    this.problem(this.words.invalid(this.label(name), this.shown(SETTINGS[name].input), accepted))
  }

  ok(): boolean {
    return this.problems.length === 0
  }

  finish(): void {
    if (this.problems.length > 0) throw new ConfigError([...new Set(this.problems)])
  }

  /** `what` completes "Missing <setting>: ... is required.". */
  required(name: SettingName, what: string): string {
    if (!this.raw[SETTINGS[name].input]?.value.trim()) this.missing(name, what)
    // Set but not a single line: reported already, when the settings were read.
    return this.optional(name) ?? ''
  }

  missing(name: SettingName, what: string): void {
    this.problem(this.words.missing(this.label(name), what))
  }

  optional(name: SettingName): string | undefined {
    const value = this.text(name)
    if (value !== undefined) this.check(name, value)
    return value ?? (SETTINGS[name] as Setting).default
  }

  choice<T extends string>(name: SettingName): T {
    const { values = [], default: fallback = '' }: Setting = SETTINGS[name]
    const value = this.text(name)
    if (value === undefined) return fallback as T
    if (!values.includes(value)) {
      this.fail(name, this.words.choice(values))
      return fallback as T
    }
    return value as T
  }

  integer(name: SettingName): number {
    const { min = 0, max = 0, default: fallback }: Setting = SETTINGS[name]
    const value = this.text(name)
    if (value === undefined) return Number(fallback)
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      this.fail(name, this.words.range(min, max))
      return Number(fallback)
    }
    return Number(value)
  }

  /** YAML-style booleans, as `core.getBooleanInput` accepts them. */
  boolean(name: SettingName): boolean {
    const value = this.text(name) ?? 'false'
    if (!/^(true|True|TRUE|false|False|FALSE)$/.test(value)) this.fail(name, 'true or false')
    return /^(true|True|TRUE)$/.test(value)
  }

  /** The value by the setting's type; a text's rule is checked and its default applies. */
  value(name: SettingName): string | number | boolean | undefined {
    switch ((SETTINGS[name] as Setting).type) {
      case 'boolean':
        return this.boolean(name)
      case 'integer':
        return this.integer(name)
      case 'choice':
        return this.choice(name)
      case 'text':
        return this.optional(name)
    }
  }

  private check(name: SettingName, value: string): void {
    const rule: Rule | undefined = (SETTINGS[name] as Setting).rule
    if (rule !== undefined && !rule.test(value))
      this.fail(name, rule.explain?.(value) ?? rule.accepted)
  }

  private shown(input: string): string {
    const value = this.raw[input as keyof RawSettings]?.value ?? ''
    return SECRET_INPUTS.has(input as keyof RawSettings)
      ? ''
      : ` ${JSON.stringify(value.length > 80 ? value.slice(0, 80) + '…' : value)}`
  }
}
