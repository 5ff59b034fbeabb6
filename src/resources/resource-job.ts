import { ExportError, UserError, errorMessage, wordingOf } from '../errors.js'
import { words } from '../wording.js'
import type { RunContext } from '../export/run-context.js'
import type { ResourceName } from './names.js'
import { otherResources, type ResourceSpec } from './catalog.js'
import { fetchResource, type ResourceReader } from './completeness.js'
import { sortById } from './records.js'
import type { ResourceReport } from '../report/summary.js'
import { notRefreshed, writeResource, type ResourceWriteContext } from './sync-resource.js'
import { encodeResourceTable } from '../tables/resource-table.js'
import { resourceTableKey } from '../tables/table-keys.js'

export interface ResourceAccess {
  reader: ResourceReader
  /** Every resource's endpoint is derived from it. */
  harvestUrl: string
  accountId: string
}

/**
 * Every resource read at once (the client's one rate limiter paces them with the window's
 * ranges), each object written as soon as its read is complete, with a summary row each. One
 * that cannot be read completely, answers 403 or is refused keeps its stored object; the
 * others are still written, and the job then fails naming each one not refreshed.
 */
export function resourceJob(
  run: RunContext,
  names: readonly ResourceName[],
  access: ResourceAccess | undefined,
  stop?: AbortSignal,
  /** Awaited before each object is written: the time entries' mass-delete guard. */
  guard?: { beforeOtherWrite(): Promise<void> }
): { read(): Promise<void>; reports(): ResourceReport[] } | undefined {
  const resources = otherResources(names)
  if (resources.length === 0) return undefined
  if (!access)
    throw new Error('resources were asked for, but the run was given no way to read them')
  const { settings, window, writer, tables } = run
  const context: ResourceWriteContext = {
    ...run,
    today: window.today,
    time: window.time,
    allowEmpty: settings.allowEmpty,
    changes: settings.changes
  }
  // In the README's order, each row replaced once its object is written.
  const rows = new Map(
    resources.map((resource) => [resource.name, notRefreshed(context, resource)])
  )
  const options = { harvestUrl: access.harvestUrl, accountId: access.accountId, signal: stop }
  const read = async (): Promise<void> => {
    const failures: Array<{ resource: ResourceSpec; error: unknown }> = []
    await Promise.all(
      resources.map(async (resource) => {
        try {
          if (stop?.aborted) throw stop.reason
          const content = await fetchResource(access.reader, resource, options)
          if (content.kind === 'list') sortById(content.records)
          await guard?.beforeOtherWrite()
          // The wait may be long (the sweep's survey): a stop asked meanwhile writes nothing.
          if (stop?.aborted) throw stop.reason
          rows.set(resource.name, await writeResource(context, resource, content))
          if (!tables) return
          // The company is one row; a list's rows are its records, sorted by id.
          const records = content.kind === 'list' ? content.records : [content.object]
          const key = resourceTableKey(settings.prefix, resource.name)
          await writer.writeTable(tables, key, encodeResourceTable(records))
        } catch (error) {
          failures.push({ resource, error })
        }
      })
    )
    if (failures.length > 0) throw combine(failures, resources)
  }
  return { read, reports: () => [...rows.values()] }
}

/**
 * Several failures as one message naming each resource, each reason once (a run stopped early
 * fails every resource in flight for the same reason).
 */
function combine(
  failures: Array<{ resource: ResourceSpec; error: unknown }>,
  order: readonly ResourceSpec[]
): unknown {
  // A bug (not a user-facing error) is rethrown as it is, stack included.
  const bug = failures.find(({ error }) => !(error instanceof UserError))
  if (bug) return bug.error
  if (failures.length === 1) return failures[0].error
  failures.sort((a, b) => order.indexOf(a.resource) - order.indexOf(b.resource))
  const names = failures.map(({ resource }) => resource.name).join(', ')
  const notRefreshed = `${failures.length} resources were not refreshed (${names}); their stored objects are untouched`
  const reasons = [
    ...new Map(failures.map(({ error }) => [errorMessage(error), wordingOf(error)])).values()
  ]
  const message =
    reasons.length === 1
      ? words`${reasons[0]}\n${notRefreshed}.`
      : words`${notRefreshed}:${reasons.flatMap((reason) => words`\n- ${reason}`)}`
  return new ExportError(message, { cause: failures[0].error })
}
