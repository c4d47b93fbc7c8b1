-- The tables and views of database ecommerce (see ARCHITECTURE.md, "Master dataset and batch
-- views"), created by HiveServer at every start. Every statement is idempotent: a restart on
-- an existing data dir must change nothing. ${viewsUri} is replaced by the --views-uri option.
--
-- Statements end with a semicolon at the end of a line; the bootstrap splits on that.

CREATE DATABASE IF NOT EXISTS ecommerce
COMMENT 'Lambda shop: sealed transactions and batch views, written by the batch layer';

-- One row per transaction id, deduplicated by the batch job. Money is exact:
-- DECIMAL(18,3); a return has a negative quantity and amount. event_time is UTC.
CREATE EXTERNAL TABLE IF NOT EXISTS ecommerce.transactions (
  transaction_id STRING,
  order_id STRING,
  user_id STRING,
  product_id STRING,
  product_name STRING,
  category STRING,
  city STRING,
  country STRING,
  payment_method STRING,
  quantity INT,
  unit_price DECIMAL(18,3),
  amount DECIMAL(18,3),
  event_time TIMESTAMP
)
COMMENT 'One row per transaction id, partitioned by event time (UTC day and hour)'
PARTITIONED BY (dt STRING, hr INT)
STORED AS PARQUET
LOCATION '${viewsUri}/transactions';

-- The batch views: one row per (minute, dimension, key). dimension 'all' has a NULL dim_key.
-- revenue is net of returns; returned_amount is the money returns gave back, positive.
CREATE EXTERNAL TABLE IF NOT EXISTS ecommerce.sales_minute (
  window_start TIMESTAMP,
  dimension STRING,
  dim_key STRING,
  revenue DECIMAL(28,3),
  transactions BIGINT,
  units BIGINT,
  returns BIGINT,
  returned_amount DECIMAL(28,3),
  users_sketch STRING
)
COMMENT 'Batch views: sales per minute, dimension and key; users_sketch is a base64 HLL sketch'
PARTITIONED BY (dt STRING, hr INT)
STORED AS PARQUET
LOCATION '${viewsUri}/sales_minute';

-- Views for people: the minutes of one hour added up. Unique users are left out on purpose:
-- HLL sketches cannot be merged in Hive SQL, and adding up distinct counts would be wrong.
CREATE VIEW IF NOT EXISTS ecommerce.hourly_sales
COMMENT 'Sales per hour over all dimensions (batch views only, not the speed layer)'
AS SELECT dt, hr,
  SUM(revenue) AS revenue,
  SUM(transactions) AS transactions,
  SUM(units) AS units,
  SUM(returns) AS returns,
  SUM(returned_amount) AS returned_amount
FROM ecommerce.sales_minute
WHERE dimension = 'all'
GROUP BY dt, hr;

CREATE VIEW IF NOT EXISTS ecommerce.hourly_by_category
COMMENT 'Sales per hour and product category (batch views only, not the speed layer)'
AS SELECT dt, hr, dim_key AS category,
  SUM(revenue) AS revenue,
  SUM(transactions) AS transactions,
  SUM(units) AS units,
  SUM(returns) AS returns,
  SUM(returned_amount) AS returned_amount
FROM ecommerce.sales_minute
WHERE dimension = 'category'
GROUP BY dt, hr, dim_key;

CREATE VIEW IF NOT EXISTS ecommerce.hourly_by_city
COMMENT 'Sales per hour and city (batch views only, not the speed layer)'
AS SELECT dt, hr, dim_key AS city,
  SUM(revenue) AS revenue,
  SUM(transactions) AS transactions,
  SUM(units) AS units,
  SUM(returns) AS returns,
  SUM(returned_amount) AS returned_amount
FROM ecommerce.sales_minute
WHERE dimension = 'city'
GROUP BY dt, hr, dim_key;

CREATE VIEW IF NOT EXISTS ecommerce.hourly_by_country
COMMENT 'Sales per hour and country (batch views only, not the speed layer)'
AS SELECT dt, hr, dim_key AS country,
  SUM(revenue) AS revenue,
  SUM(transactions) AS transactions,
  SUM(units) AS units,
  SUM(returns) AS returns,
  SUM(returned_amount) AS returned_amount
FROM ecommerce.sales_minute
WHERE dimension = 'country'
GROUP BY dt, hr, dim_key;

CREATE VIEW IF NOT EXISTS ecommerce.hourly_by_payment_method
COMMENT 'Sales per hour and payment method (batch views only, not the speed layer)'
AS SELECT dt, hr, dim_key AS payment_method,
  SUM(revenue) AS revenue,
  SUM(transactions) AS transactions,
  SUM(units) AS units,
  SUM(returns) AS returns,
  SUM(returned_amount) AS returned_amount
FROM ecommerce.sales_minute
WHERE dimension = 'payment_method'
GROUP BY dt, hr, dim_key;
