import { CONTENT_TYPES, serializeEntries } from '../export/serialize.js'
import type { KeyScheme } from '../export/layout.js'
import { ASK_STORE, type Inspection } from '../export/sync-object.js'
import type { ObjectWriter } from '../export/writer.js'
import type { Logger } from '../export/types.js'
import type { TimeEntry } from '../harvest/types.js'
import type { ResourceSpec } from './catalog.js'
import type { ResourceReport } from '../report/summary.js'
import { changeCounts, changeLogLists, diffResource } from './diff.js'
import { emptyListRefusal } from './guard.js'
import { resourceChangeLogKey, resourceKey } from './object-key.js'
import { parseResource, serializeResource, type ResourceContent } from './records.js'

export interface ResourceWriteContext {
  writer: ObjectWriter
  scheme: KeyScheme
  /** Run date and time in `timezone`. */
  today: string
  time: string
  allowEmpty: boolean
  changes: boolean
  log: Logger
}

/** Makes the object of `resource` hold exactly `content` as day files are made, guard included. */
export async function writeResource(
  context: ResourceWriteContext,
  resource: ResourceSpec,
  content: ResourceContent
): Promise<ResourceReport> {
  const { writer, scheme } = context
  const report: ResourceReport = {
    ...notRefreshed(context, resource),
    status: 'unchanged',
    // The company counts as one.
    records: content.kind === 'list' ? content.records.length : 1
  }
  const wanted = {
    key: report.key,
    body: serializeResource(content, scheme.format),
    contentType: CONTENT_TYPES[scheme.format]
  }
  let log: ReturnType<typeof changeLogLists> = []
  await writer.sync({ wanted, known: ASK_STORE, wantPrevious: true }, async (inspection) => {
    if (inspection.unchanged) return 'done'
    const before = inspection.current
      ? storedContent(context, inspection, content.kind)
      : await previousSnapshot(context, report.key, content.kind)
    const refusal = emptyListRefusal(resource, content, before, context.allowEmpty)
    if (refusal) throw refusal
    const decision = await writer.commit(inspection)
    if (decision === 'done') {
      const diff = diffResource(before, content)
      Object.assign(report, changeCounts(diff), { status: 'written' })
      if (context.changes) log = changeLogLists(diff)
    }
    return decision
  })
  for (const { kind, records } of log) {
    await writer.syncWhole({
      key: resourceChangeLogKey(scheme.prefix, resource.name, kind, context.today, context.time),
      body: serializeEntries(records as unknown as TimeEntry[], 'json'),
      contentType: CONTENT_TYPES.json
    })
  }
  return report
}

function storedContent(
  context: ResourceWriteContext,
  inspection: Inspection,
  kind: ResourceContent['kind']
): ResourceContent | undefined {
  if (!inspection.previous) return undefined
  const parsed = parseResource(inspection.previous.body, kind)
  if (!parsed)
    context.log.warn(
      `${inspection.key} did not hold Harvest records in JSON or NDJSON; it will be replaced`
    )
  return parsed
}

/** Snapshot layout, first run of the day: changes (and the guard) compare with the newest earlier one. */
async function previousSnapshot(
  context: ResourceWriteContext,
  todayKey: string,
  kind: ResourceContent['kind']
): Promise<ResourceContent | undefined> {
  if (context.scheme.layout !== 'snapshot') return undefined
  const { store } = context.writer
  const folder = todayKey.slice(0, todayKey.lastIndexOf('/') + 1)
  const pattern = new RegExp(`^\\d{8}\\.${context.scheme.format}$`)
  const earlier = (await store.list(folder, folder, todayKey))
    .map((object) => object.key)
    .filter((key) => key < todayKey && pattern.test(key.slice(folder.length)))
    .sort()
    .pop()
  if (earlier === undefined) return undefined
  const object = await store.get(earlier)
  return object && parseResource(object.body, kind)
}

export function notRefreshed(
  context: Pick<ResourceWriteContext, 'scheme' | 'today'>,
  resource: ResourceSpec
): ResourceReport {
  return {
    resource: resource.name,
    key: resourceKey(context.scheme, resource.name, context.today),
    status: 'not-refreshed',
    records: 0,
    added: 0,
    updated: 0,
    deleted: 0
  }
}
