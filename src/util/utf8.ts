/**
 * Text that is stored as UTF-8 bytes, encoded only where the bytes are needed. Encoding a
 * fresh buffer per object (`Buffer.from(text)`) costs more than the encoding itself: a pass
 * to measure, freshly mapped memory to fault in, more garbage. Digests only need the bytes
 * for as long as they hash them, so they are encoded into one scratch buffer, reused.
 */

const encoder = new TextEncoder()

/** Texts longer than this (in UTF-16 units) are encoded straight into their own buffer. */
const SCRATCH_LIMIT = 4 << 20

let scratch = new Uint8Array(0)

export class Utf8Text {
  /**
   * `suffix` (ASCII, e.g. the final newline) is kept apart from `text`: appending it with `+`
   * would make a rope that every encoding first copies whole into a flat string.
   */
  constructor(
    readonly text: string,
    readonly suffix = ''
  ) {}

  /** The number of bytes, without encoding. */
  get byteLength(): number {
    return Buffer.byteLength(this.text) + this.suffix.length
  }

  /** The bytes, in a buffer of their own. */
  bytes(): Buffer {
    if (this.text.length > SCRATCH_LIMIT) {
      const length = Buffer.byteLength(this.text)
      const bytes = Buffer.allocUnsafe(length + this.suffix.length)
      bytes.write(this.text, 0, length, 'utf8')
      bytes.write(this.suffix, length, 'latin1')
      return bytes
    }
    return this.withBytes((view) => {
      const bytes = Buffer.allocUnsafe(view.length)
      bytes.set(view)
      return bytes
    })
  }

  /**
   * Calls `use` with the bytes in a scratch buffer that the next call overwrites: `use` must
   * be synchronous and keep no reference to them.
   */
  withBytes<T>(use: (bytes: Uint8Array) => T): T {
    const { text, suffix } = this
    if (text.length > SCRATCH_LIMIT) return use(this.bytes())
    // Most texts fit the scratch buffer as it is; a larger one grows it to its exact size.
    const first = encoder.encodeInto(text, scratch)
    let written = first.written
    if (first.read < text.length || written + suffix.length > scratch.length) {
      // A quarter more than needed: the next, slightly longer text does not grow it again.
      scratch = new Uint8Array(Math.ceil((Buffer.byteLength(text) + suffix.length) * 1.25))
      written = encoder.encodeInto(text, scratch).written
    }
    for (let i = 0; i < suffix.length; i++) scratch[written + i] = suffix.charCodeAt(i)
    return use(scratch.subarray(0, written + suffix.length))
  }
}
