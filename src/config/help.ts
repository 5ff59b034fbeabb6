import { SECTIONS, SETTING_ROWS, SETTINGS, type Setting } from './registry.js'

const WIDTH = 92
/** Where the descriptions start. */
const COLUMN = 25

/** One option: its flag (or variable) and value on the left, the description wrapped beside it. */
export function optionLines(left: string, description: string): string {
  const lines: string[] = []
  let line = `  ${left}`.padEnd(COLUMN)
  if (line.length > COLUMN) {
    lines.push(line.trimEnd())
    line = ' '.repeat(COLUMN)
  }
  for (const word of description.split(' ')) {
    if (line.length + word.length > WIDTH && line.trim() !== '') {
      lines.push(line.trimEnd())
      line = ' '.repeat(COLUMN)
    }
    line += `${word} `
  }
  lines.push(line.trimEnd())
  return lines.join('\n')
}

/** The flag and what its value is called: `--bucket NAME`, `--format json|csv|...`, `--dry-run`. */
function usage({ flag, type, values = [], arg = 'VALUE' }: Setting): string {
  if (type === 'boolean') return `${flag}`
  return `${flag} ${type === 'choice' ? values.join('|') : arg}`
}

/** What the setting is, its bounds and default, and (`env`) its environment variable. */
function description(setting: Setting, env: boolean): string {
  const parts = [setting.help]
  if (setting.type === 'integer') parts.push(`${setting.min}..${setting.max}`)
  if (setting.default !== undefined) parts.push(`default ${setting.default}`)
  let text = parts.join(', ')
  if (env && setting.env && setting.flag)
    text += ` (env ${setting.env}${setting.type === 'boolean' ? '=true' : ''})`
  if (setting.type === 'text' && setting.values) text += `. Accepted: ${setting.values.join(', ')}`
  return text
}

/** The CLI's settings, by section, as its --help lists them. */
export function cliOptionsHelp(): string {
  return SECTIONS.map((section) => {
    const lines = SETTING_ROWS.filter((setting) => setting.section === section).map((setting) =>
      optionLines(setting.flag ? usage(setting) : (setting.env ?? ''), description(setting, true))
    )
    const heading =
      section === 'Where to write'
        ? `${section} (exactly one of ${SETTINGS.s3Bucket.flag} and ${SETTINGS.outDir.flag})`
        : section
    return `${heading}\n${lines.join('\n')}`
  }).join('\n\n')
}

/** The export's settings `deploy lambda` puts in the template, as deploy --help lists them. */
export function deployOptionsHelp(): string {
  return SETTING_ROWS.filter((setting) => setting.parameter !== undefined && setting.flag)
    .map((setting) => optionLines(usage(setting), description(setting, false)))
    .join('\n')
}
