/** The event a scheduled EventBridge rule sends the function (the fields the handler sees). */
export const SCHEDULED_EVENT = {
  version: '0',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  resources: [],
  detail: {}
}
