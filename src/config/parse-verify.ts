import type { VerifyConfig } from './config.js'
import type { RawSettings } from './inputs.js'
import { readExportConfig, type ExportParseOptions } from './parse-export.js'
import { SettingsReader } from './reader.js'

/**
 * The verify command's settings: the export's, read by the same reader, so the archive is
 * described exactly as the runs that write it describe it. `dry-run` is refused, not ignored:
 * verify never writes, so a user who sets it expects something it cannot mean.
 */
export function readVerifyConfig(
  reader: SettingsReader,
  options: ExportParseOptions
): VerifyConfig {
  const config = readExportConfig(reader, options)
  if (config.export.dryRun)
    reader.problem(
      `${reader.label('dryRun')} means nothing with verify, which never writes anything: leave it out.`
    )
  return { ...config, command: 'verify' }
}

/** `parseExportConfig` for verify: every problem at once, before any network call. */
export function parseVerifyConfig(raw: RawSettings, options: ExportParseOptions): VerifyConfig {
  const reader = new SettingsReader(raw, options.names)
  const config = readVerifyConfig(reader, options)
  reader.finish()
  return config
}
