import { readFileSync } from 'node:fs'
import type { ColumnType } from '../../src/tables/parquet-file.js'

/** One `CREATE EXTERNAL TABLE` of a deploy/athena/*.sql file, as Athena would read it. */
export interface AthenaTable {
  name: string
  columns: { name: string; type: string }[]
  partitionedBy: { name: string; type: string }[]
  storedAs: string | undefined
  location: string | undefined
  properties: Record<string, string>
}

/** The Hive DDL type name Athena declares for each column type the tables write. */
export const ATHENA_TYPE: Record<ColumnType, string> = {
  int64: 'bigint',
  double: 'double',
  string: 'string',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamp'
}

/** DuckDB's `DESCRIBE` type name -> the Athena type of the same Parquet column. */
export const ATHENA_TYPE_OF_DUCKDB: Record<string, string> = {
  BIGINT: 'bigint',
  DOUBLE: 'double',
  VARCHAR: 'string',
  BOOLEAN: 'boolean',
  DATE: 'date',
  TIMESTAMP: 'timestamp'
}

const unquote = (name: string) => name.replace(/^`(.*)`$/, '$1')

function columnList(text: string): { name: string; type: string }[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const match = /^(`[^`]+`|\w+)\s+(\w+)$/.exec(part)
      if (!match) throw new Error(`Not a column definition of a flat type: ${part}`)
      return { name: unquote(match[1]), type: match[2].toLowerCase() }
    })
}

/** Every statement of the file, comments removed, split on the `;` that ends a line. */
function statements(sql: string): string[] {
  return sql
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .split(/;\s*$/m)
    .map((statement) => statement.trim())
    .filter((statement) => statement !== '')
}

/** The tables a DDL file creates, by name (`database.table`), in file order. */
export function parseCreateTables(sql: string): Map<string, AthenaTable> {
  const tables = new Map<string, AthenaTable>()
  for (const statement of statements(sql)) {
    const head = /^CREATE EXTERNAL TABLE IF NOT EXISTS ([\w.]+) \(([^()]*)\)/.exec(statement)
    if (!head) continue
    const partition = /\nPARTITIONED BY \(([^()]*)\)/.exec(statement)
    const properties = /\nTBLPROPERTIES \(([\s\S]*)\)$/.exec(statement)
    tables.set(head[1], {
      name: head[1],
      columns: columnList(head[2]),
      partitionedBy: partition ? columnList(partition[1]) : [],
      storedAs: /\nSTORED AS (\w+)/.exec(statement)?.[1],
      location: /\nLOCATION '([^']+)'/.exec(statement)?.[1],
      properties: Object.fromEntries(
        [...(properties?.[1] ?? '').matchAll(/'([^']+)'\s*=\s*'([^']*)'/g)].map((m) => [m[1], m[2]])
      )
    })
  }
  return tables
}

export function readCreateTables(path: string): Map<string, AthenaTable> {
  return parseCreateTables(readFileSync(path, 'utf8'))
}

/**
 * The example queries kept as comments after the DDL: each starts at a comment line ending
 * in `:` (its title) and runs to the `;` that ends it.
 */
export function commentedQueries(sql: string): Map<string, string> {
  const queries = new Map<string, string>()
  let title: string | undefined
  let lines: string[] = []
  for (const line of sql.split('\n')) {
    const text = line.replace(/^-- ?/, '')
    if (!line.startsWith('--')) continue
    if (title === undefined) {
      const heading = /^(\S.*):$/.exec(text)
      if (heading) title = heading[1]
      continue
    }
    lines.push(text)
    if (text.trimEnd().endsWith(';')) {
      queries.set(title, lines.join('\n'))
      title = undefined
      lines = []
    }
  }
  return queries
}
