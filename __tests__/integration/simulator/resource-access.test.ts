import type { HarvestSimulator } from '../../../sandbox/harvest-simulator.js'
import { get, startSim, walk } from '../../support/sim-http.js'

let sim: HarvestSimulator

beforeAll(async () => {
  sim = await startSim()
})

afterAll(async () => {
  await sim.stop()
})

afterEach(() => {
  sim.clearFaults()
  sim.allow('invoices')
})

type Ref = { id: number; name: string; [key: string]: unknown }
type EmbeddingEntry = {
  id: number
  client: Ref
  project: Ref
  task: Ref
  user: Ref
  user_assignment: Ref
  task_assignment: Ref
}

describe('time entries embed the resource records', () => {
  it('with the same ids and names as clients, projects, tasks, users and assignments', async () => {
    const { records: entries } = await walk<EmbeddingEntry>(sim, '/v2/time_entries', 'time_entries')
    const byId = async (name: string) =>
      new Map(
        (await walk<Ref>(sim, `/v2/${name}`, name)).records.map((r) => [r.id, r] as [number, Ref])
      )
    const [clients, projects, tasks, users, uas, tas] = await Promise.all(
      ['clients', 'projects', 'tasks', 'users', 'user_assignments', 'task_assignments'].map(byId)
    )
    for (const entry of entries) {
      expect(clients.get(entry.client.id)).toMatchObject(entry.client)
      expect(projects.get(entry.project.id)).toMatchObject(entry.project)
      expect(tasks.get(entry.task.id)).toMatchObject(entry.task)
      const user = users.get(entry.user.id)!
      expect(`${String(user.first_name)} ${String(user.last_name)}`).toBe(entry.user.name)
      const ua = uas.get(entry.user_assignment.id)!
      expect(ua).toMatchObject(entry.user_assignment)
      expect((ua.user as Ref).id).toBe(entry.user.id)
      expect((ua.project as Ref).id).toBe(entry.project.id)
      const ta = tas.get(entry.task_assignment.id)!
      expect(ta).toMatchObject(entry.task_assignment)
      expect((ta.task as Ref).id).toBe(entry.task.id)
    }
  })
})

describe('permissions, wrong paths, faults and stats', () => {
  it('answers 403 with Harvest’s body for a forbidden resource, others unaffected', async () => {
    sim.forbid('invoices')
    const res = await get(sim, '/v2/invoices')
    expect(res.status).toBe(403)
    expect(res.json()).toEqual({
      error: 'forbidden',
      error_description:
        'The object you requested was found but you don’t have authorization to perform your request.'
    })
    expect((await get(sim, '/v2/clients')).status).toBe(200)
    sim.allow('invoices')
    expect((await get(sim, '/v2/invoices')).status).toBe(200)
  })

  it('answers a wrong path with an HTML 404 page', async () => {
    const res = await get(sim, '/v2/nothing')
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect(res.text).toMatch(/^<!DOCTYPE html>/)
    expect(() => {
      JSON.parse(res.text)
    }).toThrow()
  })

  it('applies injected faults to resource requests, matched by URL', async () => {
    sim.injectFault({ kind: '503', match: (url) => url.pathname === '/v2/projects' })
    expect((await get(sim, '/v2/clients')).status).toBe(200)
    expect((await get(sim, '/v2/projects')).status).toBe(503)
    expect((await get(sim, '/v2/projects')).status).toBe(200)
    sim.injectFault({ kind: 'lie-total', match: (url) => url.pathname === '/v2/tasks' })
    const lying = (await get(sim, '/v2/tasks')).json()
    expect(lying.total_entries).toBe(lying.tasks.length + 1)
  })

  it('counts resource requests in stats and the request log', async () => {
    sim.resetStats()
    await get(sim, '/v2/clients')
    await get(sim, '/v2/company')
    await get(sim, '/v2/nothing')
    expect(sim.stats.requests).toBe(3)
    expect(sim.stats.byStatus).toEqual({ '200': 2, '404': 1 })
    expect(sim.requestLog.map((r) => new URL(r.url).pathname)).toEqual([
      '/v2/clients',
      '/v2/company',
      '/v2/nothing'
    ])
  })

  it('sends a Date header on every response', async () => {
    for (const path of ['/v2/clients', '/v2/company', '/v2/nothing', '/v2/time_entries']) {
      const date = (await get(sim, path)).headers.get('date')
      expect(date).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/)
    }
  })
})
