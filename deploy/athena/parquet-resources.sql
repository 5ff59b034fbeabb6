-- Athena tables over the other resources' tables (tables: parquet with resources: ...): one
-- Parquet file per resource, <prefix>tables/<resource>/<resource>.parquet, so each table's
-- LOCATION is that resource's own folder. Create the ones your resources setting keeps.
-- Replace BUCKET and the harvest/ prefix with your s3-bucket and s3-prefix.
--
-- The columns are those the export writes, in name order: one per top-level field of
-- Harvest's records; an embedded object with an id becomes <field>_id (plus <field>_name when
-- it has a name), so client.id is client_id; ids bigint, other numbers double; the times and
-- dates stay text as Harvest sends them (from_iso8601_timestamp(created_at),
-- date(issue_date)); arrays and other objects (line_items, roles, receipt) are JSON text:
-- json_extract_scalar(receipt, '$.url'), or CAST(json_parse(line_items) AS array(json)).
--
-- Athena matches Parquet columns by name: a column declared here that a file lacks reads as
-- null (an invoice table written while no invoice had an estimate has no estimate_id), and a
-- column a file has beyond these is not seen until you add it (ALTER TABLE ... ADD COLUMNS).
-- A field that is null in every record is written as a text column of nulls; while that lasts,
-- a query that reads a column declared here as double or boolean fails with a type mismatch
-- (for example cost_budget on an account without cost budgets): leave it out of that query.
CREATE DATABASE IF NOT EXISTS harvest_tables;

CREATE EXTERNAL TABLE IF NOT EXISTS harvest_tables.clients (
  `address` string,
  `created_at` string,
  `currency` string,
  `id` bigint,
  `is_active` boolean,
  `name` string,
  `statement_key` string,
  `updated_at` string
)
STORED AS PARQUET
LOCATION 's3://BUCKET/harvest/tables/clients/';

CREATE EXTERNAL TABLE IF NOT EXISTS harvest_tables.contacts (
  `client_id` bigint,
  `client_name` string,
  `created_at` string,
  `email` string,
  `fax` string,
  `first_name` string,
  `id` bigint,
  `last_name` string,
  `phone_mobile` string,
  `phone_office` string,
  `title` string,
  `updated_at` string
)
STORED AS PARQUET
LOCATION 's3://BUCKET/harvest/tables/contacts/';

CREATE EXTERNAL TABLE IF NOT EXISTS harvest_tables.projects (
  `bill_by` string,
  `budget` double,
  `budget_by` string,
  `budget_is_monthly` boolean,
  `client_id` bigint,
  `client_name` string,
  `code` string,
  `cost_budget` double,
  `cost_budget_include_expenses` boolean,
  `created_at` string,
  `ends_on` string,
  `fee` double,
  `hourly_rate` double,
  `id` bigint,
  `is_active` boolean,
  `is_billable` boolean,
  `is_fixed_fee` boolean,
  `name` string,
  `notes` string,
  `notify_when_over_budget` boolean,
  `over_budget_notification_date` string,
  `over_budget_notification_percentage` double,
  `show_budget_to_all` boolean,
  `starts_on` string,
  `updated_at` string
)
STORED AS PARQUET
LOCATION 's3://BUCKET/harvest/tables/projects/';

CREATE EXTERNAL TABLE IF NOT EXISTS harvest_tables.tasks (
  `billable_by_default` boolean,
  `created_at` string,
  `default_hourly_rate` double,
  `id` bigint,
  `is_active` boolean,
  `is_default` boolean,
  `name` string,
  `updated_at` string
)
STORED AS PARQUET
LOCATION 's3://BUCKET/harvest/tables/tasks/';

CREATE EXTERNAL TABLE IF NOT EXISTS harvest_tables.users (
  `access_roles` string,
  `avatar_url` string,
  `cost_rate` double,
  `created_at` string,
  `default_hourly_rate` double,
  `email` string,
  `first_name` string,
  `has_access_to_all_future_projects` boolean,
  `id` bigint,
  `is_active` boolean,
  `is_contractor` boolean,
  `last_name` string,
  `roles` string,
  `telephone` string,
  `timezone` string,
  `updated_at` string,
  `weekly_capacity` double
)
STORED AS PARQUET
LOCATION 's3://BUCKET/harvest/tables/users/';

CREATE EXTERNAL TABLE IF NOT EXISTS harvest_tables.roles (
  `created_at` string,
  `id` bigint,
  `name` string,
  `updated_at` string,
  `user_ids` string
)
STORED AS PARQUET
LOCATION 's3://BUCKET/harvest/tables/roles/';

CREATE EXTERNAL TABLE IF NOT EXISTS harvest_tables.user_assignments (
  `budget` double,
  `created_at` string,
  `hourly_rate` double,
  `id` bigint,
  `is_active` boolean,
  `is_project_manager` boolean,
  `project_id` bigint,
  `project_name` string,
  `updated_at` string,
  `use_default_rates` boolean,
  `user_id` bigint,
  `user_name` string
)
STORED AS PARQUET
LOCATION 's3://BUCKET/harvest/tables/user_assignments/';

CREATE EXTERNAL TABLE IF NOT EXISTS harvest_tables.task_assignments (
  `billable` boolean,
  `budget` double,
  `created_at` string,
  `hourly_rate` double,
  `id` bigint,
  `is_active` boolean,
  `project_id` bigint,
  `project_name` string,
  `task_id` bigint,
  `task_name` string,
  `updated_at` string
)
STORED AS PARQUET
LOCATION 's3://BUCKET/harvest/tables/task_assignments/';

CREATE EXTERNAL TABLE IF NOT EXISTS harvest_tables.invoices (
  `amount` double,
  `client_id` bigint,
  `client_key` string,
  `client_name` string,
  `closed_at` string,
  `created_at` string,
  `creator_id` bigint,
  `creator_name` string,
  `currency` string,
  `discount` double,
  `discount_amount` double,
  `due_amount` double,
  `due_date` string,
  `estimate_id` bigint,
  `id` bigint,
  `issue_date` string,
  `line_items` string,
  `notes` string,
  `number` string,
  `paid_at` string,
  `paid_date` string,
  `payment_options` string,
  `payment_term` string,
  `period_end` string,
  `period_start` string,
  `purchase_order` string,
  `recurring_invoice_id` bigint,
  `retainer_id` bigint,
  `sent_at` string,
  `state` string,
  `subject` string,
  `tax` double,
  `tax2` double,
  `tax2_amount` double,
  `tax_amount` double,
  `updated_at` string
)
STORED AS PARQUET
LOCATION 's3://BUCKET/harvest/tables/invoices/';

CREATE EXTERNAL TABLE IF NOT EXISTS harvest_tables.invoice_item_categories (
  `created_at` string,
  `id` bigint,
  `name` string,
  `updated_at` string,
  `use_as_expense` boolean,
  `use_as_service` boolean
)
STORED AS PARQUET
LOCATION 's3://BUCKET/harvest/tables/invoice_item_categories/';

CREATE EXTERNAL TABLE IF NOT EXISTS harvest_tables.estimates (
  `accepted_at` string,
  `amount` double,
  `client_id` bigint,
  `client_key` string,
  `client_name` string,
  `created_at` string,
  `creator_id` bigint,
  `creator_name` string,
  `currency` string,
  `declined_at` string,
  `discount` double,
  `discount_amount` double,
  `id` bigint,
  `issue_date` string,
  `line_items` string,
  `notes` string,
  `number` string,
  `purchase_order` string,
  `sent_at` string,
  `state` string,
  `subject` string,
  `tax` double,
  `tax2` double,
  `tax2_amount` double,
  `tax_amount` double,
  `updated_at` string
)
STORED AS PARQUET
LOCATION 's3://BUCKET/harvest/tables/estimates/';

CREATE EXTERNAL TABLE IF NOT EXISTS harvest_tables.estimate_item_categories (
  `created_at` string,
  `id` bigint,
  `name` string,
  `updated_at` string
)
STORED AS PARQUET
LOCATION 's3://BUCKET/harvest/tables/estimate_item_categories/';

CREATE EXTERNAL TABLE IF NOT EXISTS harvest_tables.expenses (
  `billable` boolean,
  `client_id` bigint,
  `client_name` string,
  `created_at` string,
  `expense_category_id` bigint,
  `expense_category_name` string,
  `id` bigint,
  `invoice_id` bigint,
  `is_billed` boolean,
  `is_closed` boolean,
  `is_locked` boolean,
  `locked_reason` string,
  `notes` string,
  `project_id` bigint,
  `project_name` string,
  `receipt` string,
  `spent_date` string,
  `total_cost` double,
  `units` double,
  `updated_at` string,
  `user_assignment_id` bigint,
  `user_id` bigint,
  `user_name` string
)
STORED AS PARQUET
LOCATION 's3://BUCKET/harvest/tables/expenses/';

CREATE EXTERNAL TABLE IF NOT EXISTS harvest_tables.expense_categories (
  `created_at` string,
  `id` bigint,
  `is_active` boolean,
  `name` string,
  `unit_name` string,
  `unit_price` double,
  `updated_at` string
)
STORED AS PARQUET
LOCATION 's3://BUCKET/harvest/tables/expense_categories/';

CREATE EXTERNAL TABLE IF NOT EXISTS harvest_tables.company (
  `approval_feature` boolean,
  `base_uri` string,
  `clock` string,
  `color_scheme` string,
  `currency_code_display` string,
  `currency_symbol_display` string,
  `date_format` string,
  `decimal_symbol` string,
  `estimate_feature` boolean,
  `expense_feature` boolean,
  `full_domain` string,
  `invoice_feature` boolean,
  `is_active` boolean,
  `name` string,
  `plan_type` string,
  `team_feature` boolean,
  `thousands_separator` string,
  `time_format` string,
  `wants_timestamp_timers` boolean,
  `week_start_day` string,
  `weekly_capacity` double
)
STORED AS PARQUET
LOCATION 's3://BUCKET/harvest/tables/company/';

-- Example: hours and cost per project (hours x each person's current cost rate). A time
-- entry's own cost_rate is the rate when it was tracked: use te.cost_rate for that. Add
-- p.budget and p.fee once your projects have budgets and fees (see the note at the top).
-- SELECT c.name AS client, p.name AS project, p.bill_by, p.budget_by,
--        round(sum(te.hours), 2) AS hours,
--        round(sum(te.hours * coalesce(u.cost_rate, 0)), 2) AS cost
-- FROM harvest_tables.time_entries te
-- JOIN harvest_tables.projects p ON p.id = te.project_id
-- LEFT JOIN harvest_tables.clients c ON c.id = p.client_id
-- LEFT JOIN harvest_tables.users u ON u.id = te.user_id
-- WHERE te.spent_month >= '2025-01'
-- GROUP BY 1, 2, 3, 4 ORDER BY cost DESC;
