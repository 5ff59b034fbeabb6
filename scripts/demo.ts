// `npm run demo`: exports the Harvest simulator's sample account into ./demo-output through
// the real CLI code path (HTTP to the simulator, the engine, the directory store), twice:
// the second run shows that nothing is rewritten when nothing changed.
import { todayUtc } from '../sandbox/harvest-data.js'
import { HarvestSimulator } from '../sandbox/harvest-simulator.js'
import { main } from '../src/cli/main.js'

const today = todayUtc()
const simulator = new HarvestSimulator({ entries: 2500, seed: 42, latencyMs: 40 })
await simulator.start()
const env = {
  ...process.env,
  HARVEST_ACCOUNT_ID: simulator.accountId,
  HARVEST_ACCESS_TOKEN: simulator.token,
  HARVEST_URL: simulator.url
}
try {
  console.log(
    `Harvest simulator: ${simulator.url} (sample account ${simulator.accountId}, ${simulator.entries.length} entries)`
  )
  console.log(`\n$ harvest-s3-export --out-dir demo-output --days-back 90   # today is ${today}\n`)
  let status = await main(['--out-dir', 'demo-output', '--days-back', '90'], env)
  if (status === 0) {
    console.log(
      '\n$ harvest-s3-export --out-dir demo-output --days-back 90   # again: nothing changed\n'
    )
    status = await main(['--out-dir', 'demo-output', '--days-back', '90'], env)
  }
  if (status === 0)
    console.log('\nDay files are in ./demo-output (one YYYYMMDD.json per spent date).')
  process.exitCode = status
} finally {
  await simulator.stop()
}
