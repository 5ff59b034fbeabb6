-- Athena table over the hive layout (layout: hive, format: ndjson), with partition projection
-- on spent_date: no crawler, no MSCK REPAIR, new days are queryable as soon as they are written.
-- Replace BUCKET and the harvest/ prefix with your s3-bucket and s3-prefix.
CREATE EXTERNAL TABLE IF NOT EXISTS harvest_time_entries (
  id bigint,
  hours double,
  hours_without_timer double,
  rounded_hours double,
  notes string,
  is_locked boolean,
  locked_reason string,
  approval_status string,
  is_closed boolean,
  is_billed boolean,
  timer_started_at string,
  started_time string,
  ended_time string,
  is_running boolean,
  billable boolean,
  budgeted boolean,
  billable_rate double,
  cost_rate double,
  created_at string,
  updated_at string,
  `user` struct<id:bigint, name:string>,
  client struct<id:bigint, name:string, currency:string>,
  project struct<id:bigint, name:string, code:string>,
  task struct<id:bigint, name:string>,
  user_assignment struct<id:bigint, is_project_manager:boolean, is_active:boolean, hourly_rate:double>,
  task_assignment struct<id:bigint, billable:boolean, is_active:boolean, hourly_rate:double>,
  invoice struct<id:bigint, number:string>,
  external_reference struct<id:string, group_id:string, account_id:string, permalink:string, service:string, service_icon_url:string>
)
PARTITIONED BY (spent_date string)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://BUCKET/harvest/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.spent_date.type' = 'date',
  'projection.spent_date.format' = 'yyyy-MM-dd',
  'projection.spent_date.range' = '2010-01-01,NOW',
  'projection.spent_date.interval' = '1',
  'projection.spent_date.interval.unit' = 'DAYS',
  'storage.location.template' = 's3://BUCKET/harvest/spent_date=${spent_date}/'
);

-- Example: billable hours per client and month.
-- SELECT client.name, substr(spent_date, 1, 7) AS month, sum(hours) AS hours
-- FROM harvest_time_entries
-- WHERE billable AND spent_date >= '2025-01-01'
-- GROUP BY 1, 2 ORDER BY 2, 1;
