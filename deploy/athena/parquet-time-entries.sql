-- Athena table over the time entries tables (tables: parquet): one Parquet file per spent month,
-- <prefix>tables/time_entries/spent_month=YYYY-MM/time_entries.parquet, in any layout
-- (flat or hive) and format (json or ndjson) of the day files.
-- Replace BUCKET and the harvest/ prefix with your s3-bucket and s3-prefix (two places).
--
-- Partition projection on spent_month: Athena computes each month's folder itself, so there is
-- no crawler and no MSCK REPAIR, and a month is queryable as soon as its table is written.
-- The range starts in 2000-01 (move it back if your archive holds older months) and ends a
-- year after today, so months of time logged ahead are seen too; a month without a table
-- simply has no rows.
--
-- Athena reads Parquet columns by name. Column types as the tables store them: ids bigint,
-- spent_date date, the three times timestamp (UTC, stored in milliseconds), the rest double,
-- boolean or string. external_reference is the object as JSON text: json_extract_scalar() it.
CREATE DATABASE IF NOT EXISTS harvest_tables;

CREATE EXTERNAL TABLE IF NOT EXISTS harvest_tables.time_entries (
  `id` bigint,
  `spent_date` date,
  `hours` double,
  `hours_without_timer` double,
  `rounded_hours` double,
  `billable_rate` double,
  `cost_rate` double,
  `notes` string,
  `locked_reason` string,
  `approval_status` string,
  `started_time` string,
  `ended_time` string,
  `is_locked` boolean,
  `is_closed` boolean,
  `is_billed` boolean,
  `is_running` boolean,
  `billable` boolean,
  `budgeted` boolean,
  `timer_started_at` timestamp,
  `created_at` timestamp,
  `updated_at` timestamp,
  `user_id` bigint,
  `user_name` string,
  `client_id` bigint,
  `client_name` string,
  `client_currency` string,
  `project_id` bigint,
  `project_name` string,
  `project_code` string,
  `task_id` bigint,
  `task_name` string,
  `user_assignment_id` bigint,
  `task_assignment_id` bigint,
  `invoice_id` bigint,
  `invoice_number` string,
  `external_reference` string
)
PARTITIONED BY (`spent_month` string)
STORED AS PARQUET
LOCATION 's3://BUCKET/harvest/tables/time_entries/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.spent_month.type' = 'date',
  'projection.spent_month.format' = 'yyyy-MM',
  'projection.spent_month.range' = '2000-01,NOW+1YEARS',
  'projection.spent_month.interval' = '1',
  'projection.spent_month.interval.unit' = 'MONTHS',
  'storage.location.template' = 's3://BUCKET/harvest/tables/time_entries/spent_month=${spent_month}/'
);

-- Example queries: the README's "Query with Athena / DuckDB" runs the same two in DuckDB.
-- Add WHERE spent_month >= '2025-01' (or BETWEEN) to read only those months' files.
-- Uninvoiced: billable time not yet marked as invoiced, its amount at each entry's rate.
--
-- Hours per client and month:
-- SELECT client_name AS client, spent_month AS month, round(sum(hours), 2) AS hours
-- FROM harvest_tables.time_entries
-- GROUP BY 1, 2
-- ORDER BY 2, 1;
--
-- Uninvoiced billable hours by project:
-- SELECT client_name AS client, project_name AS project, client_currency AS currency,
--        round(sum(hours), 2) AS hours, round(sum(hours * billable_rate), 2) AS amount
-- FROM harvest_tables.time_entries
-- WHERE billable AND NOT is_billed
-- GROUP BY 1, 2, 3
-- ORDER BY 4 DESC, 1, 2;
