import { DEFAULT_RESOURCES, parseResourceList } from '../../../src/config/parse-export.js'
import { RESOURCE_NAMES } from '../../../src/resources/names.js'
import {
  isAccountId,
  isBucketName,
  isEndpointUrl,
  isHarvestUrl,
  isKeyPrefix,
  isObjectKey,
  isRegion,
  isRoleArn,
  isRoleSessionName,
  isSafeKey,
  isSingleLine,
  isToken,
  MAX_WINDOW_DAYS,
  windowProblem
} from '../../../src/config/rules.js'
import {
  ACTION_NAMES,
  CLI_NAMES,
  howToSet,
  LAMBDA_NAMES
} from '../../../src/config/setting-names.js'

describe('setting rules', () => {
  it.each(['my-bucket', 'a.b.c', 'abc', 'x'.repeat(63), 'logs-2025.example'])(
    'accepts the bucket name %s',
    (name) => expect(isBucketName(name)).toBe(true)
  )

  it.each([
    'ab',
    'x'.repeat(64),
    'My_Bucket',
    '-bucket',
    'bucket-',
    'a..b',
    'a.-b',
    'a-.b',
    '192.168.1.1',
    'xn--bucket',
    'sthree-bucket',
    'amzn-s3-demo-bucket',
    'bucket-s3alias',
    'bucket--ol-s3',
    'bucket.mrap',
    'bucket--x-s3',
    'bucket--table-s3'
  ])('refuses the bucket name %s', (name) => expect(isBucketName(name)).toBe(false))

  it('keeps keys inside their prefix', () => {
    for (const key of ['harvest/', 'a/b/c.json', 'x.json', 'a/b']) expect(isSafeKey(key)).toBe(true)
    for (const key of ['/abs', '../up', 'a/../b', 'a/./b', 'a//b', 'a\\b', 'k'.repeat(513)])
      expect(isSafeKey(key)).toBe(false)
    expect(isKeyPrefix('')).toBe(true)
    expect(isKeyPrefix('harvest/')).toBe(true)
    expect(isObjectKey('harvest/')).toBe(false)
    expect(isObjectKey('harvest-data.json')).toBe(true)
  })

  it('wants https for Harvest, plain http only on this machine, no credentials or fragment', () => {
    expect(isHarvestUrl('https://api.harvestapp.com/v2/time_entries')).toBe(true)
    expect(isHarvestUrl('http://127.0.0.1:8080/v2/time_entries')).toBe(true)
    expect(isHarvestUrl('http://[::1]/v2/time_entries')).toBe(true)
    expect(isHarvestUrl('http://api.harvestapp.com/v2/time_entries')).toBe(false)
    expect(isHarvestUrl('https://user:pw@api.harvestapp.com/v2/time_entries')).toBe(false)
    expect(isHarvestUrl('https://api.harvestapp.com/v2/time_entries#x')).toBe(false)
    expect(isHarvestUrl('not a url')).toBe(false)
  })

  it('accepts http(s) S3 endpoints without credentials', () => {
    expect(isEndpointUrl('http://127.0.0.1:9000')).toBe(true)
    expect(isEndpointUrl('https://minio.example.com:9000')).toBe(true)
    expect(isEndpointUrl('ftp://x')).toBe(false)
    expect(isEndpointUrl('https://key:secret@minio.example.com')).toBe(false)
  })

  it('checks ids, tokens, regions and roles', () => {
    expect(isAccountId('123456')).toBe(true)
    expect(isAccountId('12a')).toBe(false)
    expect(isToken('pat.123')).toBe(true)
    expect(isToken('two words')).toBe(false)
    expect(isSingleLine('a\nb')).toBe(false)
    expect(isRegion('eu-central-1')).toBe(true)
    expect(isRegion('auto')).toBe(true)
    expect(isRegion('US EAST')).toBe(false)
    expect(isRoleArn('arn:aws:iam::123456789012:role/harvest-export')).toBe(true)
    expect(isRoleArn('arn:aws:iam::123:role/x')).toBe(false)
    expect(isRoleSessionName('harvest-s3-export')).toBe(true)
    expect(isRoleSessionName('x')).toBe(false)
  })

  it('judges a window by its ends and length', () => {
    expect(windowProblem({ from: '2025-01-01', to: '2025-01-31', days: 31 })).toBeUndefined()
    expect(windowProblem({ from: '2025-02-01', to: '2025-01-31', days: 0 })).toBe(
      'ends-before-start'
    )
    expect(windowProblem({ from: '2015-01-01', to: '2035-01-01', days: MAX_WINDOW_DAYS + 1 })).toBe(
      'too-long'
    )
  })
})

describe('resource lists', () => {
  it('reads commas and spaces, collapses duplicates and keeps the README order', () => {
    expect(parseResourceList('projects, time_entries clients,projects')).toEqual({
      ok: true,
      resources: ['time_entries', 'clients', 'projects']
    })
  })

  it('expands all to every resource', () => {
    expect(parseResourceList('all')).toEqual({ ok: true, resources: RESOURCE_NAMES })
    expect(parseResourceList('tasks all')).toEqual({ ok: true, resources: RESOURCE_NAMES })
    expect(RESOURCE_NAMES).toHaveLength(16)
    expect(DEFAULT_RESOURCES).toEqual(['time_entries'])
  })

  it('names the unknown entries, once each', () => {
    expect(parseResourceList('time_entries, tme_entries, tme_entries, Projects')).toEqual({
      ok: false,
      unknown: ['tme_entries', 'Projects']
    })
  })

  it('refuses a list that names nothing', () => {
    expect(parseResourceList(' , ,')).toEqual({ ok: false, unknown: [] })
  })
})

describe('setting names per face', () => {
  it('spells each setting as the face does', () => {
    expect([ACTION_NAMES['s3-bucket'], CLI_NAMES['s3-bucket'], LAMBDA_NAMES['s3-bucket']]).toEqual([
      's3-bucket',
      '--bucket',
      'S3_BUCKET_NAME'
    ])
    expect([
      ACTION_NAMES['harvest-access-token'],
      CLI_NAMES['harvest-access-token'],
      LAMBDA_NAMES['harvest-access-token']
    ]).toEqual(['harvest-access-token', 'HARVEST_ACCESS_TOKEN', 'HARVEST_ACCESS_TOKEN_PARAMETER'])
    expect([ACTION_NAMES.resources, CLI_NAMES.resources, LAMBDA_NAMES.resources]).toEqual([
      'resources',
      '--resources',
      'RESOURCES'
    ])
    expect(LAMBDA_NAMES['out-dir']).toBeUndefined()
  })

  it('says how to set a setting on each face', () => {
    expect(howToSet(ACTION_NAMES, 'allow-empty', 'true')).toBe('allow-empty: true')
    expect(howToSet(CLI_NAMES, 'allow-empty', 'true')).toBe('--allow-empty')
    expect(howToSet(LAMBDA_NAMES, 'allow-empty', 'true')).toBe('ALLOW_EMPTY=true')
    expect(howToSet(CLI_NAMES, 'late-edits', 'ignore')).toBe('--late-edits ignore')
    expect(howToSet(LAMBDA_NAMES, 'dry-run', 'true')).toBe('"dry_run": true in the event')
    expect(howToSet(LAMBDA_NAMES, 'from', '2025-01-01')).toBe('"from": "2025-01-01" in the event')
  })
})
