import { kebabCase, render, setting, words, type Speller, type Wording } from '../wording.js'
import type { InputName } from './registry.js'
import { howToSet, type Face, type SettingNames } from './setting-names.js'

/** Advice a face words its own way, where the store's words (store/s3-store.ts) do not fit. */
const ADVICE: Record<Face, Partial<Record<string, Wording>>> = {
  action: {
    's3-no-credentials': words`set ${setting('roleToAssume')}, or run aws-actions/configure-aws-credentials before this step`
  },
  cli: {
    's3-no-credentials': [
      "give them in --config's credentials or through the AWS SDK's default chain " +
        '(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, SSO, an instance role)'
    ]
  },
  // A function's AWS_REGION is its own region, set by Lambda, not by the user.
  lambda: {
    's3-no-such-bucket': words`check ${setting('s3Bucket')} and that the bucket is in the function's region (${setting('awsRegion')})`,
    's3-no-credentials': [
      "the AWS SDK's default chain takes them from the function's execution role, so check that the function has one"
    ],
    's3-other-region': words`deploy the function in the bucket's region (${setting('awsRegion')} is the function's)`
  },
  deploy: {}
}

/** How a face writes the settings and advice a message refers to by canonical name. */
export function spellerFor(names: SettingNames): Speller {
  const spell: Speller = (ref) => {
    if ('advice' in ref) return render(ADVICE[names.face][ref.advice] ?? ref.fallback, spell)
    const input = kebabCase(ref.setting) as InputName
    return ref.value === undefined ? (names[input] ?? input) : howToSet(names, input, ref.value)
  }
  return spell
}
