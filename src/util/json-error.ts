/**
 * Where a text stops being JSON, as "line L, column C", without quoting any of it: a config
 * file holds secrets, and the parser's own message shows the characters around the error
 * (`Unexpected token 'p', "pat-Host…" is not valid JSON`).
 */
export function jsonErrorLocation(text: string): string {
  const offset = firstErrorOffset(text)
  if (offset === undefined) return 'no syntax error found'
  const before = text.slice(0, offset)
  const where = `line ${before.split('\n').length}, column ${offset - before.lastIndexOf('\n')}`
  return offset >= text.length ? `${where} (the text ends early)` : where
}

const SPACE = /[ \t\n\r]*/y
const COMMA = /[ \t\n\r]*,/y
const LITERAL = /true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y
/**
 * A string up to its closing quote or up to its first character JSON does not allow there
 * (`[ !#-[\]-\uffff]`: from the space up, the quote and the backslash excepted).
 */
const STRING = /"([ !#-[\]-\uffff]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*/y

/** The offset of the first character a JSON parser rejects; undefined for valid JSON. */
function firstErrorOffset(text: string): number | undefined {
  let i = 0
  /** Moves past `pattern` when it matches at `i`. */
  const eat = (pattern: RegExp): boolean => {
    pattern.lastIndex = i
    if (!pattern.test(text)) return false
    i = pattern.lastIndex
    return true
  }
  const fail = (at = i): never => {
    throw new SyntaxAt(at)
  }
  const expect = (char: string): void => {
    eat(SPACE)
    if (text[i] !== char) fail()
    i++
  }
  const string = (): void => {
    eat(SPACE)
    if (!eat(STRING)) fail()
    // A bad escape is rejected at the character after its backslash.
    if (text[i] !== '"') fail(text[i] === '\\' ? i + 1 : i)
    i++
  }
  const members = (close: string, member: () => void): void => {
    i++
    eat(SPACE)
    if (text[i] !== close) {
      do member()
      while (eat(COMMA))
    }
    expect(close)
  }
  const value = (): void => {
    eat(SPACE)
    if (text[i] === '{')
      return members('}', () => {
        string()
        expect(':')
        value()
      })
    if (text[i] === '[') return members(']', value)
    if (text[i] === '"') return string()
    if (!eat(LITERAL)) fail()
  }
  try {
    value()
    eat(SPACE)
    return i < text.length ? i : undefined
  } catch (error) {
    if (error instanceof SyntaxAt) return error.offset
    throw error
  }
}

class SyntaxAt extends Error {
  constructor(readonly offset: number) {
    super(`JSON syntax error at ${offset}`)
  }
}
