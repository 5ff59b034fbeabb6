/**
 * Starts the Harvest simulator from the command line:
 *
 *   npx tsx sandbox/server.ts [--port 8080] [--entries 500] [--seed 1] [--latency 0] [--no-rate-limit]
 *                             [--host 127.0.0.1] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
 *
 * Prints the endpoint, account id and token, and stops cleanly on SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util'
import { HarvestSimulator, type SimulatorOptions } from './harvest-simulator.js'

const USAGE =
  'Usage: npx tsx sandbox/server.ts [--port 8080] [--entries 500] [--seed 1] [--latency 0] ' +
  '[--no-rate-limit] [--host 127.0.0.1] [--from YYYY-MM-DD] [--to YYYY-MM-DD]'

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value))
    throw new Error(`--${name} must be a non-negative integer, got "${value}"`)
  return Number(value)
}

function optionsFromArgs(argv: string[]): SimulatorOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      entries: { type: 'string' },
      seed: { type: 'string' },
      latency: { type: 'string' },
      host: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'no-rate-limit': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' }
    }
  })
  if (values.help) return null
  return {
    host: values.host,
    port: integer('port', values.port),
    entries: integer('entries', values.entries),
    seed: integer('seed', values.seed),
    latencyMs: integer('latency', values.latency),
    from: values.from,
    to: values.to,
    // Leaving it undefined keeps Harvest's real limit as the default.
    rateLimit: values['no-rate-limit'] ? false : undefined
  }
}

async function main(): Promise<void> {
  let options: SimulatorOptions | null
  try {
    options = optionsFromArgs(process.argv.slice(2))
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`)
    process.exitCode = 2
    return
  }
  if (!options) {
    console.log(USAGE)
    return
  }
  const simulator = new HarvestSimulator(options)
  const url = await simulator.start()
  console.log(
    `Harvest simulator: ${simulator.entries.length} entries (${simulator.from} .. ${simulator.to})`
  )
  console.log(`  URL:        ${url}`)
  console.log(`  Account id: ${simulator.accountId}`)
  console.log(`  Token:      ${simulator.token}`)
  console.log(
    `  Try: curl -H 'Authorization: Bearer ${simulator.token}' ` +
      `-H 'Harvest-Account-Id: ${simulator.accountId}' -H 'User-Agent: curl' '${url}?per_page=2'`
  )
  const shutdown = (signal: string) => {
    console.log(`\n${signal}: stopping after ${simulator.stats.requests} requests`)
    simulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error)
        process.exit(1)
      }
    )
  }
  process.once('SIGINT', () => shutdown('SIGINT'))
  process.once('SIGTERM', () => shutdown('SIGTERM'))
}

await main()
