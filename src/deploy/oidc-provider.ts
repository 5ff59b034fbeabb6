import { ListOpenIDConnectProvidersCommand, type IAMClient } from '@aws-sdk/client-iam'
import { step } from './aws-errors.js'

export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com'

/**
 * The ARN of the account's IAM OIDC provider for GitHub Actions, if there is one. An account
 * holds at most one provider per URL, and its ARN ends with the URL's host
 * (arn:aws:iam::ACCOUNT:oidc-provider/token.actions.githubusercontent.com).
 */
export async function findGithubOidcProvider(iam: IAMClient): Promise<string | undefined> {
  const answer = await step('Listing the IAM OIDC providers', () =>
    iam.send(new ListOpenIDConnectProvidersCommand({}))
  )
  return answer.OpenIDConnectProviderList?.map((provider) => provider.Arn ?? '').find((arn) =>
    arn.endsWith(`:oidc-provider/${GITHUB_OIDC_HOST}`)
  )
}
