/**
 * `Buffer.from(text)` per object costs more than the encoding (a pass to measure, fresh memory
 * to fault in): encoding into one reused scratch buffer and copying out once is cheaper.
 */

const encoder = new TextEncoder()

/** Texts longer than this (in UTF-16 units) are encoded straight into their own buffer. */
const SCRATCH_LIMIT = 4 << 20

let scratch = new Uint8Array(0)

/** `suffix` (ASCII) is kept apart: appended with `+` it makes a rope that encoding first flattens. */
export function utf8Bytes(text: string, suffix = ''): Buffer {
  if (text.length > SCRATCH_LIMIT) {
    const length = Buffer.byteLength(text)
    const bytes = Buffer.allocUnsafe(length + suffix.length)
    bytes.write(text, 0, length, 'utf8')
    bytes.write(suffix, length, 'latin1')
    return bytes
  }
  // Most texts fit the scratch buffer as it is; a larger one grows it to its exact size.
  const first = encoder.encodeInto(text, scratch)
  let written = first.written
  if (first.read < text.length || written + suffix.length > scratch.length) {
    // A quarter more than needed: the next, slightly longer text does not grow it again.
    scratch = new Uint8Array(Math.ceil((Buffer.byteLength(text) + suffix.length) * 1.25))
    written = encoder.encodeInto(text, scratch).written
  }
  for (let i = 0; i < suffix.length; i++) scratch[written + i] = suffix.charCodeAt(i)
  const bytes = Buffer.allocUnsafe(written + suffix.length)
  bytes.set(scratch.subarray(0, written + suffix.length))
  return bytes
}
