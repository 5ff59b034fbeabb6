import type { HarvestSimulator } from '../../../sandbox/harvest-simulator.js'
import { LIST_RESOURCES } from '../../../sandbox/resource-store.js'
import type { HarvestRecord } from '../../../sandbox/resources-data.js'
import { get, startSim, walk, type ListPage } from '../../support/sim-http.js'

let sim: HarvestSimulator

type Invoice = HarvestRecord & { line_items: unknown[]; tax: unknown }
type Named = HarvestRecord & { name: string }

beforeAll(async () => {
  sim = await startSim()
})

afterAll(async () => {
  await sim.stop()
})

describe('resource endpoints', () => {
  it.each(LIST_RESOURCES)('serves %s as a Harvest page with links', async (name) => {
    const res = await get(sim, `/v2/${name}`)
    expect(res.status).toBe(200)
    const body = res.json()
    expect(Object.keys(body)).toEqual([
      name,
      'per_page',
      'total_pages',
      'total_entries',
      'next_page',
      'previous_page',
      'page',
      'links'
    ])
    expect(body[name].length).toBeGreaterThan(0)
    expect(body.total_entries).toBe(sim.listRecords(name).length)
    expect(body.per_page).toBe(2000)
    expect(body.links.next).toBeNull()
    const ids = body[name].map((r: { id: number }) => r.id)
    expect(new Set(ids).size).toBe(ids.length)
    // Harvest lists most recent first, not by ascending id.
    expect(ids).not.toEqual([...ids].sort((a: number, b: number) => a - b))
  })

  it('serves company as a single object', async () => {
    const res = await get(sim, '/v2/company')
    expect(res.status).toBe(200)
    const body = res.json()
    expect(body.name).toBe(sim.company.name)
    expect(body).not.toHaveProperty('links')
    expect(body.weekly_capacity).toBe(126000)
  })

  it('walks a resource by cursor with per_page, total_entries and no duplicates', async () => {
    const { records, pages } = await walk(
      sim,
      '/v2/user_assignments?per_page=7',
      'user_assignments'
    )
    const all = sim.listRecords('user_assignments')
    expect(records.map((r: { id: number }) => r.id)).toEqual(all.map((r) => r.id))
    expect(pages).toHaveLength(Math.ceil(all.length / 7))
    expect(pages[0].total_entries).toBe(all.length)
    expect(pages[0].total_pages).toBe(pages.length)
    const next = new URL(pages[0].links.next!)
    expect(next.searchParams.get('ref')).toBe('next_cursor')
    expect(next.searchParams.get('per_page')).toBe('7')
    expect(pages[1].page).toBeNull()
    expect(pages.at(-1)!.page).toBe(pages.length)
  })

  it('keeps a walk exact when a record is deleted between pages', async () => {
    const before = sim.listRecords('task_assignments').map((r) => r.id)
    const first = (await get(sim, '/v2/task_assignments?per_page=10')).json()
    sim.deleteRecord('task_assignments', first.task_assignments[0].id)
    const { records } = await walk(sim, first.links.next!, 'task_assignments')
    expect([...first.task_assignments, ...records].map((r: { id: number }) => r.id)).toEqual(before)
    sim.addRecord('task_assignments', first.task_assignments[0])
  })

  it('answers per_page above 2000 with 422', async () => {
    expect((await get(sim, '/v2/clients?per_page=2001')).status).toBe(422)
    expect((await get(sim, '/v2/clients?cursor=nope')).status).toBe(422)
  })

  it('filters by is_active, and archived records exist', async () => {
    for (const name of ['clients', 'projects', 'tasks', 'users', 'expense_categories'] as const) {
      const all = sim.listRecords(name)
      const active = (await get(sim, `/v2/${name}?is_active=true`)).json()
      const archived = (await get(sim, `/v2/${name}?is_active=false`)).json()
      expect(active.total_entries).toBe(all.filter((r) => r.is_active === true).length)
      expect(archived.total_entries).toBe(all.filter((r) => r.is_active === false).length)
      expect(archived.total_entries).toBeGreaterThan(0)
      expect(active[name].every((r) => r.is_active)).toBe(true)
    }
  })

  it('filters by updated_since (updated_at at or after it)', async () => {
    const project = sim.listRecords('projects')[2]
    sim.setClock('2031-05-06T07:08:09Z')
    const edited = sim.editRecord('projects', project.id, { notes: 'edited' })
    expect(edited.updated_at).toBe('2031-05-06T07:08:09Z')
    const at = (await get(sim, '/v2/projects?updated_since=2031-05-06T07:08:09Z')).json()
    expect(at.projects.map((p: { id: number }) => p.id)).toEqual([project.id])
    const after = (await get(sim, '/v2/projects?updated_since=2031-05-06T07:08:10Z')).json()
    expect(after.total_entries).toBe(0)
    expect((await get(sim, '/v2/projects?updated_since=yesterday')).status).toBe(422)
  })

  it('filters documents by client, project, user, state and dates', async () => {
    const expenses = sim.listRecords('expenses')
    const user = (expenses[0].user as { id: number }).id
    const byUser = (await get(sim, `/v2/expenses?user_id=${user}`)).json()
    expect(byUser.total_entries).toBe(
      expenses.filter((e) => (e.user as { id: number }).id === user).length
    )
    expect(byUser.total_entries).toBeLessThan(expenses.length)
    const invoices = sim.listRecords('invoices')
    const from = String(invoices[5].issue_date)
    const dated = (await get(sim, `/v2/invoices?from=${from}`)).json()
    expect(dated.total_entries).toBe(invoices.filter((i) => String(i.issue_date) >= from).length)
    const state = String(invoices[0].state)
    const byState = (await get(sim, `/v2/invoices?state=${state}`)).json()
    expect(byState.invoices.every((i) => i.state === state)).toBe(true)
    expect(byState.total_entries).toBeLessThan(invoices.length)
  })

  it('has invoices with line_items and nulls, and unicode names', async () => {
    const invoices = (await get(sim, '/v2/invoices')).json<ListPage<Invoice>>().invoices
    expect(invoices.some((i) => i.line_items.length > 1)).toBe(true)
    expect(invoices[0].line_items[0] ?? {}).toEqual(expect.any(Object))
    expect(invoices.some((i) => i.tax === null)).toBe(true)
    const clients = (await get(sim, '/v2/clients')).json<ListPage<Named>>().clients
    expect(clients.some((c) => /\P{ASCII}/u.test(c.name))).toBe(true)
  })

  it('is deterministic from the seed', async () => {
    const [a, b, c] = await Promise.all([startSim(), startSim(), startSim({ seed: 4 })])
    try {
      const bodies = await Promise.all([a, b, c].map((s) => get(s, '/v2/invoices')))
      expect(bodies[0].json().invoices).toEqual(bodies[1].json().invoices)
      expect(bodies[2].json().invoices).not.toEqual(bodies[0].json().invoices)
    } finally {
      await Promise.all([a, b, c].map((s) => s.stop()))
    }
  })
})
