// Settings in messages are canonical; the printing entry point spells them (the engine knows none).

/** A setting's canonical name in kebab case, the action's input: `harvestUrl` -> `harvest-url`. */
export type Kebab<Name extends string> = Name extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `-${Lowercase<Head>}`}${Kebab<Tail>}`
  : Name

export function kebabCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)
}

/** A setting a message names, and any value it advises: `--dry-run`, `"dry_run": true`. */
export interface SettingRef {
  readonly setting: string
  readonly value?: string
}

/** Advice a face may word its own way (S3's missing credentials), and everyone else's words. */
export interface AdviceRef {
  readonly advice: string
  readonly fallback: Wording
}

/** A message whose setting references are left for the entry point to spell. */
export type Wording = ReadonlyArray<string | SettingRef | AdviceRef>

export type Speller = (ref: SettingRef | AdviceRef) => string

/** The canonical spelling, which is also the action's: `harvest-url`, `dry-run: true`. */
export const CANONICAL: Speller = (ref) => {
  if ('advice' in ref) return render(ref.fallback, CANONICAL)
  const name = kebabCase(ref.setting)
  return ref.value === undefined ? name : `${name}: ${ref.value}`
}

export function setting(name: string, value?: string): SettingRef {
  return { setting: name, value }
}

export function advice(name: string, fallback: Wording): AdviceRef {
  return { advice: name, fallback }
}

/** A template whose `${setting(...)}` parts (and embedded wordings) stay references. */
export function words(
  strings: TemplateStringsArray,
  ...parts: Array<string | number | SettingRef | AdviceRef | Wording>
): Wording {
  const wording: Array<Wording[number]> = [strings[0]]
  parts.forEach((part, index) => {
    if (Array.isArray(part)) wording.push(...(part as Wording))
    else wording.push(typeof part === 'number' ? String(part) : (part as Wording[number]))
    wording.push(strings[index + 1])
  })
  return wording
}

/** A word as a POSIX shell reads it back unchanged, for the commands messages suggest. */
export function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`
}

export function render(wording: Wording, spell: Speller = CANONICAL): string {
  return wording.map((part) => (typeof part === 'string' ? part : spell(part))).join('')
}
