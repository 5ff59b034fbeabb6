import {
  GetOpenIDConnectProviderCommand,
  ListOpenIDConnectProvidersCommand,
  type IAMClient
} from '@aws-sdk/client-iam'
import { step } from './aws-errors.js'

export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com'

/**
 * The account's IAM OIDC provider for GitHub Actions, if there is one, with its audiences.
 * An account holds at most one provider per URL, and its ARN ends with the URL's host
 * (arn:aws:iam::ACCOUNT:oidc-provider/token.actions.githubusercontent.com).
 */
export async function findGithubOidcProvider(
  iam: IAMClient
): Promise<{ arn: string; audiences: string[] } | undefined> {
  const answer = await step('Listing the IAM OIDC providers', () =>
    iam.send(new ListOpenIDConnectProvidersCommand({}))
  )
  const arn = answer.OpenIDConnectProviderList?.map((provider) => provider.Arn ?? '').find(
    (candidate) => candidate.endsWith(`:oidc-provider/${GITHUB_OIDC_HOST}`)
  )
  if (!arn) return undefined
  const provider = await step(`Reading the IAM OIDC provider ${arn}`, () =>
    iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))
  )
  return { arn, audiences: provider.ClientIDList ?? [] }
}
