-- The holiday calendar (法定节假日 and 调休 make-up working days) that working-day deadlines are
-- counted over (行政处罚法 第八十五条: “二日”“三日”“五日”“七日” are working days). Kept as data
-- by the city admin from the State Council's yearly notice; the platform ships none. A year is
-- "covered" only when it has a holiday_calendar_year row: without it, counts skip weekends only
-- and every deadline says so.
CREATE TABLE holiday_calendar (
  day date PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('holiday', 'makeup_workday')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  source text NOT NULL CHECK (length(source) BETWEEN 1 AND 500)
);

CREATE TABLE holiday_calendar_year (
  year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
  source text NOT NULL CHECK (length(source) BETWEEN 1 AND 500),
  updated_by bigint REFERENCES app_user (id),
  updated_at timestamptz NOT NULL
);
