import { randomBytes } from 'node:crypto'
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { StoreError, errorMessage } from '../errors.js'
import { md5Hex, sha256Hex } from '../util/hash.js'
import type { ListedObject, PutOptions, Store, StoredHead, StoredObject } from './store.js'
import { PreconditionFailedError } from './store.js'

/** ETags are quoted MD5s, as S3's; a write renames a temporary file, never leaving half a file. */
export class DirStore implements Store {
  readonly location: string
  private readonly root: string

  constructor(dir: string) {
    this.root = resolve(dir)
    this.location = this.root + sep
  }

  async list(prefix: string, from: string, to: string): Promise<ListedObject[]> {
    // Only the prefix's own folder can hold matching keys.
    const base = this.path(prefix.slice(0, prefix.lastIndexOf('/') + 1))
    const keys = (await this.walk(base)).filter(
      (key) => key.startsWith(prefix) && key >= from && key <= to
    )
    const objects: ListedObject[] = []
    for (const key of keys.sort()) {
      const object = await this.get(key)
      if (object) objects.push({ key, etag: object.etag, size: object.size })
    }
    return objects
  }

  /** A file has no metadata: its checksum is computed, as S3 would report the stored one. */
  async head(key: string): Promise<StoredHead | undefined> {
    const object = await this.get(key)
    return object && { etag: object.etag, size: object.size, sha256: sha256Hex(object.body) }
  }

  async get(key: string): Promise<StoredObject | undefined> {
    const path = this.path(key)
    let body: Buffer
    try {
      body = await readFile(path)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw new StoreError(`Could not read ${path}: ${errorMessage(error)}`, { cause: error })
    }
    return { body, etag: `"${md5Hex(body)}"`, size: body.length }
  }

  async put(key: string, body: Buffer, options: PutOptions): Promise<string> {
    const path = this.path(key)
    if (options.ifMatch !== undefined || options.ifNoneMatch) {
      const current = await this.get(key)
      const holds = options.ifNoneMatch ? current === undefined : current?.etag === options.ifMatch
      if (!holds) throw new PreconditionFailedError(key)
    }
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`
    try {
      await mkdir(dirname(path), { recursive: true })
      await writeFile(temporary, body)
      await rename(temporary, path)
    } catch (error) {
      await rm(temporary, { force: true })
      throw new StoreError(`Could not write ${path}: ${errorMessage(error)}`, { cause: error })
    }
    return `"${md5Hex(body)}"`
  }

  /**
   * Stays inside the directory on every platform: no `..` segment (split at `/` and `\`, as
   * Windows does), neither absolute nor drive-lettered (`C:x`), which `resolve` takes as a root.
   */
  private path(key: string): string {
    const path = resolve(this.root, key)
    const inside = relative(this.root, path)
    if (!isRelativeKey(key) || inside.split(/[\\/]/).includes('..') || isAbsolute(inside))
      throw new StoreError(`The key ${JSON.stringify(key)} would leave ${this.root}.`)
    return path
  }

  private async walk(dir: string): Promise<string[]> {
    let entries
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw new StoreError(`Could not list ${dir}: ${errorMessage(error)}`, { cause: error })
    }
    const keys: string[] = []
    for (const entry of entries) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) keys.push(...(await this.walk(path)))
      else if (entry.isFile() && !entry.name.endsWith('.tmp'))
        keys.push(relative(this.root, path).split(sep).join('/'))
    }
    return keys
  }
}

/** A key that names a place below the directory on Windows as on POSIX. */
function isRelativeKey(key: string): boolean {
  if (key.includes('\0') || /^[A-Za-z]:/.test(key) || /^[\\/]/.test(key)) return false
  return !key.split(/[\\/]/).some((segment) => segment === '..')
}
