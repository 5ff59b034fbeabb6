import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { HarvestSimulator, type SimulatorOptions } from '../../sandbox/harvest-simulator.js'
import type { ExportConfig } from '../../src/config/config.js'
import type { InputName, RawSettings } from '../../src/config/inputs.js'
import { parseConfig } from '../../src/config/parse.js'
import type { RunObserver } from '../../src/export/types.js'
import type { ExportSummary } from '../../src/report/summary.js'
import type { TimeEntry } from '../../src/harvest/types.js'
import { exportFromConfig, type RunOptions } from '../../src/run-export.js'
import { LocalS3, isStateKey } from '../../sandbox/local-s3.js'

/** Today for every test run: fixed, so windows and expected files are stable. */
export const NOW = new Date('2025-03-31T15:00:00Z')
export const WINDOW = { from: '2024-12-31', to: '2025-03-31' }

/**
 * Fast retries: the same code path as production with shorter waits. The timeout is only a
 * guard (no test here stalls a response): short, a busy machine's slow page is retried and
 * tests that count requests see one more.
 */
export const FAST: RunOptions = {
  harvest: { retry: { attempts: 5, baseDelayMs: 20, maxDelayMs: 100 }, timeoutMs: 10_000 },
  now: NOW
}

function rawSettings(values: Partial<Record<InputName, string>>): RawSettings {
  const raw: RawSettings = {}
  for (const [name, value] of Object.entries(values) as Array<[InputName, string]>)
    raw[name] = { value, label: `input ${name}` }
  return raw
}

/** A Harvest simulator with data spread over more than the test window, and a real S3 server. */
export class Harness {
  harvest!: HarvestSimulator
  s3!: LocalS3
  logs: string[] = []

  /** `store`: a `LocalS3.copyStore` copy the S3 server starts with (the harness copies it again). */
  async start(simulator: SimulatorOptions = {}, store?: string): Promise<this> {
    this.harvest = new HarvestSimulator({
      entries: 1500,
      from: '2024-11-01',
      to: '2025-04-15',
      seed: 7,
      ...simulator
    })
    await this.harvest.start()
    this.s3 = await new LocalS3().start(store)
    return this
  }

  async stop(): Promise<void> {
    await this.harvest?.stop()
    await this.s3?.stop()
  }

  settings(values: Partial<Record<InputName, string>> = {}): Partial<Record<InputName, string>> {
    return {
      'harvest-account-id': this.harvest.accountId,
      'harvest-access-token': this.harvest.token,
      'harvest-url': this.harvest.url,
      's3-bucket': this.s3.bucket,
      's3-endpoint': this.s3.endpoint,
      's3-prefix': 'harvest/',
      ...values
    }
  }

  /** The environment the CLI (and the Lambda function) reads to reach the simulator. */
  cliEnv(): Record<string, string> {
    return {
      HARVEST_ACCOUNT_ID: this.harvest.accountId,
      HARVEST_ACCESS_TOKEN: this.harvest.token,
      HARVEST_URL: this.harvest.url
    }
  }

  config(values: Partial<Record<InputName, string>> = {}): ExportConfig {
    const config = parseConfig(rawSettings(this.settings(values)), {}, NOW)
    if (config.command !== 'export') throw new Error('not an export')
    return config
  }

  observer(): RunObserver {
    return {
      log: {
        info: (message) => this.logs.push(message),
        warn: (message) => this.logs.push(`warning: ${message}`)
      }
    }
  }

  run(
    values: Partial<Record<InputName, string>> = {},
    options: RunOptions = {}
  ): Promise<ExportSummary> {
    return exportFromConfig(this.config(values), this.observer(), {
      ...FAST,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      ...options
    })
  }

  /** Runs, and returns the error it fails with. */
  async failure(
    values: Partial<Record<InputName, string>> = {},
    options: RunOptions = {}
  ): Promise<Error> {
    try {
      await this.run(values, options)
    } catch (error) {
      return error as Error
    }
    throw new Error('the export was expected to fail')
  }
}

/**
 * The files a correct export of `entries` must leave, computed here independently of the
 * product's code: one JSON array per spent date in the window, day-file order and bytes (README, Layouts and formats).
 */
export function expectedDayFiles(
  entries: TimeEntry[],
  from: string,
  to: string,
  prefix = 'harvest/'
): Map<string, string> {
  const byDay = new Map<string, TimeEntry[]>()
  for (const entry of entries) {
    if (entry.spent_date < from || entry.spent_date > to) continue
    const list = byDay.get(entry.spent_date) ?? []
    list.push(entry)
    byDay.set(entry.spent_date, list)
  }
  const files = new Map<string, string>()
  for (const [date, list] of [...byDay].sort()) {
    list.sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id)
    files.set(`${prefix}${date.replaceAll('-', '')}.json`, JSON.stringify(list, null, 2) + '\n')
  }
  return files
}

/** One `JSON.stringify(entry)` line per entry: the ndjson format. */
export function ndjson(entries: unknown[]): string {
  return entries.map((entry) => JSON.stringify(entry) + '\n').join('')
}

/**
 * `expectedDayFiles` in the hive layout and ndjson format, plus the rolling `latestKey` object
 * holding the whole window when given.
 */
export function expectedHiveNdjson(
  entries: TimeEntry[],
  from: string,
  to: string,
  prefix: string,
  latestKey?: string
): Map<string, string> {
  const days = expectedDayFiles(entries, from, to, '')
  const files = new Map(
    [...days].map(([key, body]) => [
      `${prefix}spent_date=${key.slice(0, 4)}-${key.slice(4, 6)}-${key.slice(6, 8)}/time_entries.ndjson`,
      ndjson(JSON.parse(body) as unknown[])
    ])
  )
  if (latestKey)
    files.set(
      prefix + latestKey,
      ndjson([...days.values()].flatMap((body) => JSON.parse(body) as unknown[]))
    )
  return files
}

export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'harvest-export-'))
}

/** Every file under `dir`, relative path -> content; the run's state object only `withState`. */
export async function readTree(dir: string, withState = false): Promise<Map<string, string>> {
  const files = new Map<string, string>()
  const walk = async (current: string): Promise<void> => {
    let entries
    try {
      entries = await readdir(current, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      const path = join(current, entry.name)
      if (entry.isDirectory()) await walk(path)
      else {
        const name = relative(dir, path).split('\\').join('/')
        if (withState || !isStateKey(name)) files.set(name, await readFile(path, 'utf8'))
      }
    }
  }
  await walk(dir)
  return files
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
}

/**
 * Every file under `dir`, relative path -> its identity (inode and mtime in ns). The directory
 * store writes a temporary file and renames it into place, so a written file always gets a new
 * inode: comparing two of these maps counts the writes between them, as PUTs count them in S3.
 */
export async function fileIdentities(dir: string): Promise<Map<string, string>> {
  const ids = new Map<string, string>()
  for (const path of (await readTree(dir)).keys()) {
    const info = await stat(join(dir, path), { bigint: true })
    ids.set(path, `${info.ino}:${info.mtimeNs}`)
  }
  return ids
}

/** The files written (created or replaced) between two `fileIdentities` of one directory. */
export function filesWritten(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after].filter(([path, id]) => before.get(path) !== id).map(([path]) => path)
}
