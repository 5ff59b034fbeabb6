// A/B exporter CPU: first run into an empty prefix, then reruns, alternating trees.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { LocalS3 } from '../sandbox/local-s3.js'
import { startScenarioSimulator } from './simulator.js'
const run = promisify(execFile)
const trees = process.argv.slice(2)
const reps = Number(process.env.REPS ?? 5)
const NOW = '2025-06-30T12:00:00Z'
const sim = await startScenarioSimulator({ name: '60k/91d', entries: 60000, days: 91, latencyMs: 150 } as any, '2025-06-30')
const s3 = await new LocalS3().start()
async function once(tree: string, prefix: string) {
  const job = { now: NOW, settings: { 'harvest-account-id': sim.accountId, 'harvest-access-token': sim.token, 'harvest-url': sim.url, 's3-bucket': s3.bucket, 's3-endpoint': s3.endpoint, 's3-prefix': prefix, 'days-back': '90' } }
  s3.resetCounts()
  const { stdout } = await run('npx', ['tsx', 'bench/run-export.ts', JSON.stringify(job)], { cwd: tree, env: { ...process.env, NODE_OPTIONS: process.env.PROF ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }, maxBuffer: 1 << 24 })
  const r = JSON.parse(stdout.trim().split('\n').pop()!)
  return { cpu: r.cpuMs / 1000, wall: r.wallMs / 1000, req: r.harvestRequests, put: s3.count('put'), get: s3.count('get'), head: s3.count('head') }
}
const res: Record<string, { first: any[]; rerun: any[] }> = {}
for (let i = 0; i < reps; i++) {
  for (const [t, tree] of trees.entries()) {
    const r = (res[tree] ??= { first: [], rerun: [] })
    const prefix = `t${t}r${i}/`
    r.first.push(await once(tree, prefix))
    r.rerun.push(await once(tree, prefix))
  }
}
const med = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] }
for (const tree of trees) for (const kind of ['first', 'rerun'] as const) {
  const xs = res[tree][kind]
  console.log(tree, kind, 'cpu med', med(xs.map(x => x.cpu)).toFixed(2), 'min', Math.min(...xs.map(x => x.cpu)).toFixed(2), 'wall med', med(xs.map(x => x.wall)).toFixed(2), 'req', xs[0].req, 'put/get/head', xs[0].put, xs[0].get, xs[0].head)
}
await s3.stop(); await sim.stop?.()
process.exit(0)
