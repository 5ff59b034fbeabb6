import { ExportError, errorMessage } from '../errors.js'
import type { ResourceSpec } from './catalog.js'
import { fetchResource, type ResourceReader, type ResourceReadOptions } from './fetch-resource.js'
import { sortById } from './records.js'
import {
  notRefreshed,
  writeResource,
  type ResourceReport,
  type ResourceWriteContext
} from './sync-resource.js'

export interface ResourcesOutcome {
  /** One row per resource asked for, in SPEC order. */
  reports: ResourceReport[]
  /** Why the run must fail (every failed resource named), or undefined. */
  failure?: unknown
}

/**
 * Reads every resource of `resources` at once (the client's one rate limiter paces them with
 * the time entries' ranges) and writes each as soon as its read is complete. A resource that
 * cannot be read completely, answers 403 or is refused by the empty-list guard keeps its
 * stored object; the others are still written, and the failure names all that were not.
 */
export async function exportResources(
  reader: ResourceReader,
  resources: readonly ResourceSpec[],
  read: ResourceReadOptions,
  write: ResourceWriteContext
): Promise<ResourcesOutcome> {
  const failures: Array<{ resource: ResourceSpec; error: unknown }> = []
  const reports = await Promise.all(
    resources.map(async (resource) => {
      try {
        if (read.signal?.aborted) throw read.signal.reason
        const content = await fetchResource(reader, resource, read)
        if (content.kind === 'list') sortById(content.records)
        return await writeResource(write, resource, content)
      } catch (error) {
        failures.push({ resource, error })
        return notRefreshed(write, resource)
      }
    })
  )
  return { reports, failure: combine(failures) }
}

function combine(failures: Array<{ resource: ResourceSpec; error: unknown }>): unknown {
  if (failures.length === 0) return undefined
  // A bug (not a user-facing error) is rethrown as it is, stack included.
  const bug = failures.find(({ error }) => !(error instanceof ExportError))
  if (bug) return bug.error
  if (failures.length === 1) return failures[0].error
  const names = failures.map(({ resource }) => resource.name).join(', ')
  return new ExportError(
    `${failures.length} resources were not refreshed (${names}); their stored objects are untouched:\n` +
      failures.map(({ error }) => `- ${errorMessage(error)}`).join('\n'),
    { cause: failures[0].error }
  )
}
