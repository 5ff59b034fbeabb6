import http from 'node:http'
import { listenOnLoopback } from '../../sandbox/loopback.js'
import {
  ACTION_NAMES,
  CLI_NAMES,
  LAMBDA_NAMES,
  type SettingNames,
  spellerFor
} from '../../src/config/setting-names.js'
import { userMessage, withAdvice } from '../../src/errors.js'
import { emptyWindowRefusal } from '../../src/export/run-context.js'
import { HarvestClient } from '../../src/harvest/client.js'
import { S3Store } from '../../src/store/s3-store.js'

const FACES: Array<[string, SettingNames]> = [
  ['action', ACTION_NAMES],
  ['cli', CLI_NAMES],
  ['lambda', LAMBDA_NAMES]
]

/** One sentence: no doubled stop, one stop at the end, no stop in the middle. */
function expectOneSentence(message: string): void {
  expect(message).not.toMatch(/\.\.(?!\d)/)
  expect(message).toMatch(/[^.]\.$/)
  // Stops inside URLs, hosts and numbers are not sentence ends.
  expect(message.slice(0, -1)).not.toMatch(/\.\.(?!\d)/)
}

/** A server answering every request with `status` and `body`. */
async function answering(
  status: number,
  body: string,
  type = 'application/json'
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_request, response) => {
    response.writeHead(status, { 'content-type': type })
    response.end(body)
  })
  const origin = await listenOnLoopback(server)
  return {
    url: `${origin}/v2/time_entries`,
    close: () => new Promise((resolve) => server.close(() => resolve()))
  }
}

async function harvestFailure(url: string, names: SettingNames): Promise<string> {
  const client = new HarvestClient({
    url,
    accountId: '42',
    accessToken: 'tok-secret',
    userAgent: 'test',
    retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 }
  })
  const error = await client.fetchRange('2025-01-01', '2025-01-02').catch((e: Error) => e)
  expect(error).toBeInstanceOf(Error)
  return userMessage(error, [], spellerFor(names))
}

describe('withAdvice', () => {
  it.each([
    ['NoSuchKey: The specified key does not exist.', 'Check it.'],
    ['NoSuchKey: The specified key does not exist', 'Check it.'],
    ['NoSuchKey: The specified key does not exist.  ', '  Check it.']
  ])('joins %j and its advice with one stop', (quoted, advice) => {
    expect(withAdvice(quoted, advice)).toBe(
      'NoSuchKey: The specified key does not exist. Check it.'
    )
  })

  it('ends a message without advice with one stop', () => {
    expect(withAdvice('Throttled: slow down')).toBe('Throttled: slow down.')
    expect(withAdvice('Throttled: slow down.')).toBe('Throttled: slow down.')
  })
})

describe.each(FACES)('Harvest errors name the settings as the %s spells them', (_face, names) => {
  const url = names['harvest-url']
  const account = names['harvest-account-id']
  const token = names['harvest-access-token']

  it.each([
    [401, [token, account]],
    [403, [token, account]],
    [404, [url, token, account]],
    [422, [names.from, names.to, url]],
    [400, [url, token, account]]
  ])('%d', async (status, expected) => {
    const server = await answering(status, JSON.stringify({ message: 'nope' }))
    try {
      const message = await harvestFailure(server.url, names)
      expect(message).toContain(String(status))
      for (const name of expected) expect(message).toContain(` ${name}`)
      if (names.face !== 'action')
        expect(message).not.toMatch(/(^|[^-])harvest-(url|account-id|access)/)
      expect(message).not.toContain('tok-secret')
      expectOneSentence(message)
    } finally {
      await server.close()
    }
  })

  it('a page without time entries', async () => {
    const server = await answering(200, '{"users": []}')
    try {
      const message = await harvestFailure(server.url, names)
      expect(message).toContain(`no "time_entries" array): check ${url}.`)
      expectOneSentence(message)
    } finally {
      await server.close()
    }
  })

  it('an unreachable Harvest', async () => {
    const message = await harvestFailure('http://0.0.0.0:9/v2/time_entries', names)
    expect(message).toContain(`check ${url} and run the export again.`)
    expectOneSentence(message)
  })
})

describe('the empty-window refusal', () => {
  const window = { from: '2025-01-01', to: '2025-01-31' } as Parameters<
    typeof emptyWindowRefusal
  >[0]
  it.each([
    [ACTION_NAMES, 'check harvest-account-id and harvest-access-token', 'allow-empty: true'],
    [CLI_NAMES, 'check --account-id and HARVEST_ACCESS_TOKEN', '--allow-empty'],
    [
      LAMBDA_NAMES,
      'check HARVEST_ACCOUNT_ID and HARVEST_ACCESS_TOKEN_PARAMETER',
      'ALLOW_EMPTY=true'
    ]
  ])('names the settings as the face spells them', (names, check, allow) => {
    const refusal = emptyWindowRefusal(window, '3 stored day files hold entries')
    const message = userMessage(refusal, [], spellerFor(names))
    expect(message).toContain(check)
    expect(message).toMatch(new RegExp(`re-run with ${allow}\\.$`))
    expectOneSentence(message)
  })
})

describe.each(FACES)('S3 errors are worded for the %s', (_face, names) => {
  it('a missing bucket names the bucket setting, with one stop after the SDK message', async () => {
    const body =
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchBucket</Code>' +
      '<Message>The specified bucket does not exist.</Message><BucketName>b-1</BucketName></Error>'
    const server = await answering(404, body, 'application/xml')
    try {
      const store = new S3Store({
        bucket: 'b-1',
        region: 'us-east-1',
        endpoint: new URL(server.url).origin,
        credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }
      })
      const error = await store.list('p/', 'p/a', 'p/z').catch((e: Error) => e)
      const message = userMessage(error, [], spellerFor(names))
      expect(message).toContain(
        'The specified bucket does not exist. The bucket b-1 does not exist:'
      )
      expect(message).toContain(`check ${names['s3-bucket']}`)
      expect(message).not.toMatch(/\.\.(?!\d)/)
    } finally {
      await server.close()
    }
  })

  it('missing credentials get advice this face can follow', async () => {
    const store = new S3Store({
      bucket: 'b-1',
      region: 'us-east-1',
      endpoint: 'http://0.0.0.0:9',
      credentials: () =>
        Promise.reject(
          Object.assign(new Error('Could not load credentials from any providers'), {
            name: 'CredentialsProviderError'
          })
        )
    })
    const error = await store.get('p/a').catch((e: Error) => e)
    const message = userMessage(error, [], spellerFor(names))
    expect(message).toContain('No AWS credentials were found: ')
    if (names.face === 'action') expect(message).toContain('role-to-assume')
    else {
      expect(message).not.toContain('role-to-assume')
      expect(message).not.toContain('configure-aws-credentials')
      expect(message).toContain("AWS SDK's default chain")
    }
    expect(message).not.toMatch(/\.\.(?!\d)/)
  })
})
