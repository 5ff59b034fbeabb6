import { inflateRawSync } from 'node:zlib'

interface ZipEntry {
  name: string
  /** Unix mode from the external attributes (upper 16 bits). */
  mode: number
  dosDate: number
  dosTime: number
  method: number
  content: Buffer
}

/**
 * Reads a zip's central directory and inflates every entry: just enough of the format to
 * check what Lambda will see, independently of the library that wrote it.
 */
export function readZip(zip: Buffer): ZipEntry[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  if (end < 0) throw new Error('no end of central directory record')
  const count = zip.readUInt16LE(end + 10)
  let offset = zip.readUInt32LE(end + 16)
  const entries: ZipEntry[] = []
  for (let index = 0; index < count; index++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50)
      throw new Error(`bad central directory entry at ${offset}`)
    const method = zip.readUInt16LE(offset + 10)
    const dosTime = zip.readUInt16LE(offset + 12)
    const dosDate = zip.readUInt16LE(offset + 14)
    const compressedSize = zip.readUInt32LE(offset + 20)
    const nameLength = zip.readUInt16LE(offset + 28)
    const extraLength = zip.readUInt16LE(offset + 30)
    const commentLength = zip.readUInt16LE(offset + 32)
    const external = zip.readUInt32LE(offset + 38)
    const local = zip.readUInt32LE(offset + 42)
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength)
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
    const data = zip.subarray(dataStart, dataStart + compressedSize)
    const content = method === 8 ? inflateRawSync(data) : Buffer.from(data)
    entries.push({ name, mode: external >>> 16, dosDate, dosTime, method, content })
    offset += 46 + nameLength + extraLength + commentLength
  }
  return entries
}
