import type { PageFields } from '../../sandbox/harvest-paging.js'
import { HarvestSimulator, type SimulatorOptions } from '../../sandbox/harvest-simulator.js'
import type { HarvestRecord } from '../../sandbox/resources-data.js'
import { parseJson } from './json.js'

/** A Harvest list page: the paging fields and the records under the resource's own key. */
export type ListPage<R = HarvestRecord> = PageFields & { [key: string]: R[] }

export interface SimResponse {
  status: number
  headers: Headers
  text: string
  /** The body parsed as `T` (a list page unless told otherwise). */
  json: <T = ListPage>() => T
}

/** A started simulator with fixed data (seed 3), no rate limit, and the HTTP helpers tests use. */
export async function startSim(options: SimulatorOptions = {}): Promise<HarvestSimulator> {
  const sim = new HarvestSimulator({
    entries: 800,
    from: '2024-01-01',
    to: '2024-06-30',
    seed: 3,
    rateLimit: false,
    ...options
  })
  await sim.start()
  return sim
}

export function origin(sim: HarvestSimulator): string {
  return new URL(sim.url).origin
}

/** GET `pathOrUrl` (a path like '/v2/clients?x=1' or a full URL) with the simulator's credentials. */
export async function get(
  sim: HarvestSimulator,
  pathOrUrl: string,
  headers: Record<string, string | undefined> = {}
): Promise<SimResponse> {
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${origin(sim)}${pathOrUrl}`
  const all: Record<string, string | undefined> = {
    Authorization: `Bearer ${sim.token}`,
    'Harvest-Account-Id': sim.accountId,
    'User-Agent': 'sandbox-tests (dev@example.com)',
    ...headers
  }
  const sent = Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >
  const res = await fetch(url, { headers: sent })
  const text = await res.text()
  return { status: res.status, headers: res.headers, text, json: <T>() => parseJson<T>(text) }
}

/** Follows links.next to the end; returns every record of `key` and the pages. */
export async function walk<R = HarvestRecord>(sim: HarvestSimulator, path: string, key: string) {
  const pages: ListPage<R>[] = []
  let url: string | null = path
  while (url) {
    const res = await get(sim, url)
    if (res.status !== 200) throw new Error(`GET ${url} -> ${res.status} ${res.text}`)
    const page = res.json<ListPage<R>>()
    pages.push(page)
    url = page.links.next
  }
  return { records: pages.flatMap((page) => page[key]), pages }
}
