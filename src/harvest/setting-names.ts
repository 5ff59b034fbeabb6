export const DEFAULT_HARVEST_URL = 'https://api.harvestapp.com/v2/time_entries'

/** The settings Harvest's errors can be fixed by, as one entry point spells them. */
export interface HarvestSettingNames {
  url: string
  accountId: string
  accessToken: string
  from: string
  to: string
}

export const ACTION_HARVEST_NAMES: HarvestSettingNames = {
  url: 'harvest-url',
  accountId: 'harvest-account-id',
  accessToken: 'harvest-access-token',
  from: 'from',
  to: 'to'
}
