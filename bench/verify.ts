// Issue 26's benchmark: `verify` of a whole archive exported from the simulator into the local
// S3 server (a quarter and a year), each in its own process: wall time, requests, peak RSS.
// Peak RSS that stays level while the archive grows fourfold shows the reads are bounded.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { LocalS3 } from '../sandbox/local-s3.js'
import { measureExport } from './measure.js'
import { startScenarioSimulator } from './simulator.js'

const run = promisify(execFile)

export const VERIFY_SCENARIOS = [
  { name: '60k/91d', entries: 60_000, days: 91, latencyMs: 150 },
  { name: '250k/365d', entries: 250_000, days: 365, latencyMs: 150 }
]

interface VerifyMeasure {
  wallMs: number
  problems: number
  daysChecked: number
  entries: number
  harvestRequests: number
  cpuMs: number
  peakRssMb: number
  s3: { list: number; get: number; head: number; put: number }
}

export async function benchVerify(today: string, now: string) {
  const results: Array<{ scenario: string; exportWallMs: number; verify: VerifyMeasure }> = []
  for (const scenario of VERIFY_SCENARIOS) {
    const simulator = await startScenarioSimulator(scenario, today)
    const s3 = await new LocalS3().start()
    try {
      const settings = {
        'harvest-account-id': simulator.accountId,
        'harvest-access-token': simulator.token,
        'harvest-url': simulator.url,
        's3-bucket': s3.bucket,
        's3-endpoint': s3.endpoint,
        's3-prefix': 'verify/'
      }
      const exported = await measureExport(simulator, s3, now, {
        's3-prefix': 'verify/',
        'days-back': String(scenario.days - 1)
      })
      s3.resetCounts()
      const { stdout } = await run(
        'npx',
        ['tsx', 'bench/run-verify.ts', JSON.stringify({ settings })],
        {
          env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
          maxBuffer: 1 << 24
        }
      )
      const measured = JSON.parse(stdout.trim().split('\n').pop()!) as Omit<VerifyMeasure, 's3'>
      const s3Counts = (kind: string) => s3.count(kind) + s3.stateCount(kind)
      results.push({
        scenario: scenario.name,
        exportWallMs: exported.wallMs,
        verify: {
          ...measured,
          s3: {
            list: s3Counts('list'),
            get: s3Counts('get'),
            head: s3Counts('head'),
            put: s3Counts('put')
          }
        }
      })
    } finally {
      await simulator.stop()
      await s3.stop()
    }
  }
  return results
}

export function verifyTable(results: Awaited<ReturnType<typeof benchVerify>>): string {
  const rows = [
    '| archive | day files | entries | problems | wall s | Harvest requests | S3 LIST/GET/HEAD/PUT | peak RSS MB | CPU s |',
    '|---|---:|---:|---:|---:|---:|---|---:|---:|'
  ]
  for (const { scenario, verify: m } of results)
    rows.push(
      `| ${scenario} | ${m.daysChecked} | ${m.entries} | ${m.problems} | ${(m.wallMs / 1000).toFixed(2)} | ${m.harvestRequests} | ${m.s3.list}/${m.s3.get}/${m.s3.head}/${m.s3.put} | ${m.peakRssMb.toFixed(0)} | ${(m.cpuMs / 1000).toFixed(2)} |`
    )
  return `150 ms per Harvest request; one process per verify\n\n${rows.join('\n')}`
}
