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

-- Other resources (resources: projects clients users tasks invoices expenses, or all), with
-- layout: hive and format: ndjson: each is one object, <prefix><resource>/<resource>.ndjson,
-- so each table's LOCATION is that resource's own folder. Fields as Harvest documents them;
-- fields left out here stay in the objects and can be added to a table at any time.
CREATE EXTERNAL TABLE IF NOT EXISTS harvest_projects (
  id bigint,
  client struct<id:bigint, name:string, currency:string>,
  name string,
  code string,
  is_active boolean,
  is_billable boolean,
  is_fixed_fee boolean,
  bill_by string,
  hourly_rate double,
  budget double,
  budget_by string,
  budget_is_monthly boolean,
  notify_when_over_budget boolean,
  over_budget_notification_percentage double,
  show_budget_to_all boolean,
  cost_budget double,
  cost_budget_include_expenses boolean,
  fee double,
  notes string,
  starts_on string,
  ends_on string,
  created_at string,
  updated_at string
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://BUCKET/harvest/projects/';

CREATE EXTERNAL TABLE IF NOT EXISTS harvest_clients (
  id bigint,
  name string,
  is_active boolean,
  address string,
  statement_key string,
  currency string,
  created_at string,
  updated_at string
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://BUCKET/harvest/clients/';

CREATE EXTERNAL TABLE IF NOT EXISTS harvest_users (
  id bigint,
  first_name string,
  last_name string,
  email string,
  telephone string,
  timezone string,
  has_access_to_all_future_projects boolean,
  is_contractor boolean,
  is_active boolean,
  weekly_capacity bigint,
  default_hourly_rate double,
  cost_rate double,
  roles array<string>,
  access_roles array<string>,
  avatar_url string,
  created_at string,
  updated_at string
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://BUCKET/harvest/users/';

CREATE EXTERNAL TABLE IF NOT EXISTS harvest_tasks (
  id bigint,
  name string,
  billable_by_default boolean,
  default_hourly_rate double,
  is_default boolean,
  is_active boolean,
  created_at string,
  updated_at string
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://BUCKET/harvest/tasks/';

CREATE EXTERNAL TABLE IF NOT EXISTS harvest_invoices (
  id bigint,
  client struct<id:bigint, name:string>,
  line_items array<struct<
    id:bigint, kind:string, description:string, quantity:double, unit_price:double,
    amount:double, taxed:boolean, taxed2:boolean,
    project:struct<id:bigint, name:string, code:string>>>,
  estimate struct<id:bigint>,
  retainer struct<id:bigint>,
  creator struct<id:bigint, name:string>,
  client_key string,
  number string,
  purchase_order string,
  amount double,
  due_amount double,
  tax double,
  tax_amount double,
  tax2 double,
  tax2_amount double,
  discount double,
  discount_amount double,
  subject string,
  notes string,
  currency string,
  state string,
  period_start string,
  period_end string,
  issue_date string,
  due_date string,
  payment_term string,
  sent_at string,
  paid_at string,
  paid_date string,
  closed_at string,
  recurring_invoice_id bigint,
  created_at string,
  updated_at string
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://BUCKET/harvest/invoices/';

CREATE EXTERNAL TABLE IF NOT EXISTS harvest_expenses (
  id bigint,
  client struct<id:bigint, name:string, currency:string>,
  project struct<id:bigint, name:string, code:string>,
  expense_category struct<id:bigint, name:string, unit_price:double, unit_name:string>,
  `user` struct<id:bigint, name:string>,
  user_assignment struct<id:bigint, is_project_manager:boolean, is_active:boolean, hourly_rate:double, budget:double>,
  receipt struct<url:string, file_name:string, file_size:bigint, content_type:string>,
  invoice struct<id:bigint, number:string>,
  notes string,
  units double,
  total_cost double,
  billable boolean,
  is_closed boolean,
  is_locked boolean,
  is_billed boolean,
  locked_reason string,
  approval_status string,
  spent_date string,
  created_at string,
  updated_at string
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://BUCKET/harvest/expenses/';

-- Example: hours and cost per project (hours x each person's current cost rate), beside the
-- project's budget and fee. A time entry's own cost_rate is the rate when it was tracked;
-- use te.cost_rate instead of u.cost_rate for that.
-- SELECT c.name AS client, p.name AS project, p.budget_by, p.budget, p.fee,
--        round(sum(te.hours), 2) AS hours,
--        round(sum(te.hours * coalesce(u.cost_rate, 0)), 2) AS cost
-- FROM harvest_time_entries te
-- JOIN harvest_projects p ON p.id = te.project.id
-- LEFT JOIN harvest_clients c ON c.id = p.client.id
-- LEFT JOIN harvest_users u ON u.id = te."user".id
-- WHERE te.spent_date >= '2025-01-01'
-- GROUP BY 1, 2, 3, 4, 5 ORDER BY cost DESC;
