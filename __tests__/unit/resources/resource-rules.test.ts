import { HarvestError, SafetyError, userMessage } from '../../../src/errors.js'
import { LAMBDA_NAMES, spellerFor } from '../../../src/config/setting-names.js'
import {
  RESOURCE_CATALOG,
  forbiddenError,
  otherResources,
  resourceUrl
} from '../../../src/resources/catalog.js'
import {
  RecordWalk,
  incompleteResource,
  listPage,
  singleObject
} from '../../../src/resources/completeness.js'
import { changeCounts, changeLogLists, diffResource } from '../../../src/resources/diff.js'
import { emptyListRefusal } from '../../../src/resources/guard.js'
import { RESOURCE_NAMES } from '../../../src/config/resources.js'
import { resourceChangeLogKey, resourceKey } from '../../../src/resources/object-key.js'
import {
  parseResource,
  serializeResource,
  sortById,
  type HarvestRecord
} from '../../../src/resources/records.js'

const { projects, clients, company, invoices } = RESOURCE_CATALOG

describe('resource catalog', () => {
  it('derives every endpoint from harvest-url by replacing its last path segment', () => {
    expect(resourceUrl('https://api.harvestapp.com/v2/time_entries', projects)).toBe(
      'https://api.harvestapp.com/v2/projects?per_page=2000'
    )
    expect(
      resourceUrl('http://127.0.0.1:4010/v2/time_entries/', RESOURCE_CATALOG.user_assignments)
    ).toBe('http://127.0.0.1:4010/v2/user_assignments?per_page=2000')
    // A query on harvest-url belongs to the time entries, not to other endpoints.
    expect(
      resourceUrl('https://proxy.example.com/harvest/v2/time_entries?user_id=5', clients)
    ).toBe('https://proxy.example.com/harvest/v2/clients?per_page=2000')
    expect(resourceUrl('https://api.harvestapp.com/v2/time_entries', company)).toBe(
      'https://api.harvestapp.com/v2/company'
    )
  })

  it('knows every resource name but time_entries, in the README order, each with its array key', () => {
    const all = otherResources(RESOURCE_NAMES)
    expect(all.map((spec) => spec.name)).toEqual(RESOURCE_NAMES.filter((n) => n !== 'time_entries'))
    for (const spec of all) {
      expect(spec.arrayKey).toBe(spec.name === 'company' ? undefined : spec.name)
      expect(spec.permission.length).toBeGreaterThan(10)
    }
    expect(otherResources(['company', 'time_entries', 'clients']).map((s) => s.name)).toEqual([
      'clients',
      'company'
    ])
  })

  it('turns a 403 into a message naming the resource and the permission to check', () => {
    const error = forbiddenError(invoices, '123456')
    expect(error).toBeInstanceOf(HarvestError)
    expect(error.message).toContain('invoices (403 Forbidden)')
    expect(error.message).toContain('Administrator')
    expect(error.message).toContain('invoices for their managed projects')
    expect(error.message).toContain('123456')
    expect(forbiddenError(RESOURCE_CATALOG.users, '1').message).toContain('assigned teammates')
  })
})

describe('resource object keys', () => {
  const scheme = (layout: 'flat' | 'hive' | 'snapshot', format: 'json' | 'ndjson' = 'json') => ({
    prefix: 'harvest/',
    layout,
    format
  })
  it('names one object per resource for each layout and format', () => {
    expect(resourceKey(scheme('flat'), 'projects', '2025-03-31')).toBe('harvest/projects.json')
    expect(resourceKey(scheme('hive'), 'projects', '2025-03-31')).toBe(
      'harvest/projects/projects.json'
    )
    expect(resourceKey(scheme('snapshot'), 'projects', '2025-03-31')).toBe(
      'harvest/projects/20250331.json'
    )
    expect(resourceKey(scheme('hive', 'ndjson'), 'expense_categories', '2025-03-31')).toBe(
      'harvest/expense_categories/expense_categories.ndjson'
    )
    expect(
      resourceKey({ prefix: '', layout: 'flat', format: 'ndjson' }, 'company', '2025-03-31')
    ).toBe('company.ndjson')
  })

  it('names change-log objects per resource, beside the time entries ones', () => {
    expect(resourceChangeLogKey('harvest/', 'clients', 'deleted', '2025-03-31', '150000')).toBe(
      'harvest/changes/clients/deleted/20250331-deleted-150000.json'
    )
  })
})

const record = (id: number, extra: Record<string, unknown> = {}): HarvestRecord => ({
  id,
  name: `Record ${id}`,
  ...extra
})

describe('resource serialization', () => {
  const records = [
    record(30, { notes: 'Café ✅\n"quoted"', budget: null }),
    record(4, { line_items: [{ id: 9, amount: 1.5 }] }),
    record(100)
  ]

  it('sorts by id as a number and writes exactly what day files write', () => {
    const sorted = sortById([...records])
    expect(sorted.map((r) => r.id)).toEqual([4, 30, 100])
    expect(serializeResource({ kind: 'list', records: sorted }, 'json').toString()).toBe(
      JSON.stringify(sorted, null, 2) + '\n'
    )
    expect(serializeResource({ kind: 'list', records: sorted }, 'ndjson').toString()).toBe(
      sorted.map((r) => JSON.stringify(r)).join('\n') + '\n'
    )
    expect(serializeResource({ kind: 'list', records: [] }, 'json').toString()).toBe('[]\n')
  })

  it('writes the company as one object or one NDJSON line, and reads both back', () => {
    const object = {
      name: 'Ünicode GmbH',
      base_uri: 'https://x.harvestapp.com',
      wants_timestamp_timers: null
    }
    const json = serializeResource({ kind: 'single', object }, 'json')
    const ndjson = serializeResource({ kind: 'single', object }, 'ndjson')
    expect(json.toString()).toBe(JSON.stringify(object, null, 2) + '\n')
    expect(ndjson.toString()).toBe(JSON.stringify(object) + '\n')
    expect(parseResource(json, 'single')).toEqual({ kind: 'single', object })
    expect(parseResource(ndjson, 'single')).toEqual({ kind: 'single', object })
    expect(parseResource(Buffer.from('[1]'), 'single')).toBeUndefined()
  })

  it('reads a stored list back in either format', () => {
    const sorted = sortById([...records])
    for (const format of ['json', 'ndjson'] as const) {
      const body = serializeResource({ kind: 'list', records: sorted }, format)
      expect(parseResource(body, 'list')).toEqual({ kind: 'list', records: sorted })
    }
    expect(parseResource(Buffer.from('not json'), 'list')).toBeUndefined()
  })
})

describe('resource completeness', () => {
  const page = (ids: number[], total: unknown, next?: string) =>
    listPage(projects, {
      projects: ids.map((id) => record(id)),
      total_entries: total,
      links: { next: next ?? null }
    })!

  it('accepts every page whose records add up to total_entries', () => {
    const walk = new RecordWalk()
    expect(walk.add(page([5, 3], 3, 'http://h/v2/projects?cursor=x'))).toBeUndefined()
    expect(walk.add(page([9], 3))).toBeUndefined()
    expect(walk.finish()).toBeUndefined()
    expect(walk.records.map((r) => r.id)).toEqual([5, 3, 9])
    expect(page([1], 1, 'http://h/next').next).toBe('http://h/next')
    expect(page([1], 1).next).toBeUndefined()
  })

  it('names the problem of an incomplete read', () => {
    const short = new RecordWalk()
    short.add(page([1, 2], 3))
    expect(short.finish()).toBe('Harvest reported 3 records but returned 2')
    expect(new RecordWalk().add(page([1, 1], 2))).toBe('record 1 was returned twice')
    const moving = new RecordWalk()
    moving.add(page([1], 2))
    expect(moving.add(page([2], 3))).toBe('the total changed from 2 to 3 during the read')
    const untotalled = new RecordWalk()
    untotalled.add(page([1], undefined))
    expect(untotalled.finish()).toBe('Harvest did not report total_entries')
    expect(new RecordWalk().add({ records: [{ id: '7' }], total: 1, next: undefined })).toBe(
      'Harvest returned a record without a numeric id'
    )
    expect(incompleteResource(projects, 'x').message).toMatch(
      /projects could not be read completely: x\. Nothing was written for projects/
    )
  })

  it('recognises pages and the company object', () => {
    expect(listPage(projects, { time_entries: [] })).toBeUndefined()
    expect(listPage(company, { name: 'x' })).toBeUndefined()
    expect(singleObject({ name: 'x' })).toEqual({ name: 'x' })
    expect(singleObject([])).toBeUndefined()
    expect(singleObject('<html>')).toBeUndefined()
  })
})

describe('resource diff and change log', () => {
  it('finds added, updated and deleted records by id, ignoring key order', () => {
    const before = {
      kind: 'list' as const,
      records: [record(1), record(2), { name: 'Record 3', id: 3 }]
    }
    const after = {
      kind: 'list' as const,
      records: [record(4), record(3), record(1, { name: 'Renamed' })]
    }
    const diff = diffResource(before, after)
    expect(diff.added).toEqual([record(4)])
    expect(diff.updated).toEqual([record(1, { name: 'Renamed' })])
    expect(diff.deleted).toEqual([record(2)])
    expect(changeCounts(diff)).toEqual({ added: 1, updated: 1, deleted: 1 })
    expect(changeLogLists(diff).map((list) => list.kind)).toEqual(['new', 'updated', 'deleted'])
  })

  it('counts a first export as all added, and an unchanged one as nothing', () => {
    const records = [record(2), record(1)]
    expect(changeCounts(diffResource(undefined, { kind: 'list', records }))).toEqual({
      added: 2,
      updated: 0,
      deleted: 0
    })
    const same = diffResource({ kind: 'list', records }, { kind: 'list', records: [...records] })
    expect(changeLogLists(same)).toEqual([])
    expect(diffResource(undefined, { kind: 'list', records }).added.map((r) => r.id)).toEqual([
      1, 2
    ])
  })

  it('compares the company as one object', () => {
    const old = { kind: 'single' as const, object: { name: 'A', is_active: true } }
    const renamed = { kind: 'single' as const, object: { name: 'B', is_active: true } }
    expect(diffResource(old, renamed).updated).toEqual([renamed.object])
    expect(diffResource(undefined, renamed).added).toEqual([renamed.object])
    expect(
      changeCounts(diffResource(old, { kind: 'single', object: { is_active: true, name: 'A' } }))
    ).toEqual({
      added: 0,
      updated: 0,
      deleted: 0
    })
  })
})

describe('empty-list guard', () => {
  const stored = { kind: 'list' as const, records: [record(1)] }
  const empty = { kind: 'list' as const, records: [] }

  it('refuses an empty list while the stored object holds records, unless allow-empty', () => {
    const refusal = emptyListRefusal(clients, empty, stored, false)
    expect(refusal).toBeInstanceOf(SafetyError)
    expect(refusal!.message).toContain('no clients')
    expect(refusal!.message).toContain('holds 1 records')
    expect(refusal!.message).toContain('allow-empty')
    expect(emptyListRefusal(clients, empty, stored, true)).toBeUndefined()
  })

  it('names the settings the way the entry point spells them', () => {
    const refusal = emptyListRefusal(clients, empty, stored, false)
    const message = userMessage(refusal, [], spellerFor(LAMBDA_NAMES))
    expect(message).toContain('check HARVEST_ACCOUNT_ID and')
    expect(message).toContain('re-run with ALLOW_EMPTY=true.')
    expect(message).not.toContain('allow-empty')
  })

  it('lets an empty list through when nothing (or nothing but []) is stored', () => {
    expect(emptyListRefusal(clients, empty, undefined, false)).toBeUndefined()
    expect(emptyListRefusal(clients, empty, empty, false)).toBeUndefined()
    expect(emptyListRefusal(clients, stored, stored, false)).toBeUndefined()
  })
})
