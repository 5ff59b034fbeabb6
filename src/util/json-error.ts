/**
 * Where a text stops being JSON, as "line L, column C", without quoting any of it: a config
 * file holds secrets, and the parser's own message shows the characters around the error
 * (`Unexpected token 'p', "pat-Host…" is not valid JSON`).
 */
export function jsonErrorLocation(text: string): string {
  const offset = firstErrorOffset(text)
  if (offset === undefined) return 'no syntax error found'
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  const column = offset - (before.lastIndexOf('\n') + 1) + 1
  return offset >= text.length
    ? `line ${line}, column ${column} (the text ends early)`
    : `line ${line}, column ${column}`
}

/** The offset of the first character a JSON parser rejects; undefined for valid JSON. */
function firstErrorOffset(text: string): number | undefined {
  let i = 0
  const space = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++
  }
  const fail = (): never => {
    throw new SyntaxAt(i)
  }
  const expect = (char: string): void => {
    if (text[i] !== char) fail()
    i++
  }
  const string = (): void => {
    expect('"')
    for (;;) {
      const char = text[i]
      if (char === undefined || char < ' ') fail()
      i++
      if (char === '"') return
      if (char === '\\') {
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail()
          i += 5
        } else if (text[i] !== undefined && '"\\/bfnrt'.includes(text[i])) i++
        else fail()
      }
    }
  }
  const value = (): void => {
    space()
    const char = text[i]
    if (char === '{')
      return members('}', () => {
        space()
        string()
        space()
        expect(':')
        value()
      })
    if (char === '[') return members(']', value)
    if (char === '"') return string()
    const literal = /true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y
    literal.lastIndex = i
    if (!literal.exec(text)) fail()
    i = literal.lastIndex
  }
  const members = (close: string, member: () => void): void => {
    i++
    space()
    if (text[i] === close) {
      i++
      return
    }
    for (;;) {
      member()
      space()
      if (text[i] === close) {
        i++
        return
      }
      expect(',')
    }
  }
  try {
    value()
    space()
    if (i < text.length) fail()
    return undefined
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
